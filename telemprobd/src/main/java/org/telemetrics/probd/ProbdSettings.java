package org.telemetrics.probd;

import java.nio.file.Path;
import java.util.List;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;

/** What telemprobd takes from the configuration; a SIGHUP makes a new one. */
record ProbdSettings(
    Layout layout,
    PeerPolicy peerPolicy,
    int maxConnections,
    int connectionTimeoutMs,
    boolean recycling,
    long idleExitMillis,
    long stagingQuotaBytes,
    Path nativeLibraryDir,
    Path statusFile) {

  static ProbdSettings from(TelemetryConfig config) {
    long quotaKib = config.get(ConfigKeys.STAGING_MAX_SIZE);
    return new ProbdSettings(
        config.layout(),
        new PeerPolicy(config.get(ConfigKeys.PROBD_ALLOWED_UIDS),
            config.get(ConfigKeys.PROBD_ALLOWED_GIDS)),
        config.get(ConfigKeys.PROBD_MAX_CONNECTIONS).intValue(),
        config.get(ConfigKeys.PROBD_CONNECTION_TIMEOUT_MS).intValue(),
        config.get(ConfigKeys.DAEMON_RECYCLING_ENABLED),
        config.get(ConfigKeys.PROBD_IDLE_EXIT_SECONDS) * 1000,
        quotaKib < 0 ? -1 : quotaKib * 1024,
        config.path(ConfigKeys.NATIVE_LIBRARY_DIR),
        config.path(ConfigKeys.PROBD_STATUS_FILE));
  }

  /** Who may submit records: everyone when both lists are empty. */
  record PeerPolicy(List<Long> uids, List<Long> gids) {
    boolean allowsEveryone() {
      return uids.isEmpty() && gids.isEmpty();
    }

    boolean allows(long uid, long gid, long[] supplementaryGids) {
      if (allowsEveryone() || uids.contains(uid) || gids.contains(gid)) {
        return true;
      }
      if (supplementaryGids != null) {
        for (long g : supplementaryGids) {
          if (gids.contains(g)) {
            return true;
          }
        }
      }
      return false;
    }
  }
}

package org.telemetrics.probd;

import java.nio.file.Path;
import java.util.List;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.status.ClassificationLabels;

/**
 * What telemprobd takes from the configuration; a SIGHUP makes a new one. {@code slotWaitMs}: how
 * long an accepted connection may wait for a free slot before it is turned away ({@link
 * #slotWaitMillis}).
 */
record ProbdSettings(
    Layout layout,
    PeerPolicy peerPolicy,
    int maxConnections,
    int connectionTimeoutMs,
    long slotWaitMs,
    ClassificationLabels labels,
    boolean recycling,
    long idleExitMillis,
    long stagingQuotaBytes,
    Path nativeLibraryDir,
    Path statusFile) {

  static ProbdSettings from(TelemetryConfig config) {
    long quotaKib = config.get(ConfigKeys.STAGING_MAX_SIZE);
    return new ProbdSettings(
        config.layout(),
        new PeerPolicy(
            config.get(ConfigKeys.PROBD_ALLOWED_UIDS), config.get(ConfigKeys.PROBD_ALLOWED_GIDS)),
        config.get(ConfigKeys.PROBD_MAX_CONNECTIONS).intValue(),
        config.get(ConfigKeys.PROBD_CONNECTION_TIMEOUT_MS).intValue(),
        slotWaitMillis(
            config.get(ConfigKeys.PROBE_ACK_TIMEOUT_MS),
            config.get(ConfigKeys.PROBD_CONNECTION_TIMEOUT_MS)),
        ClassificationLabels.parse(config.get(ConfigKeys.METRICS_CLASSIFICATIONS)),
        config.get(ConfigKeys.DAEMON_RECYCLING_ENABLED),
        config.get(ConfigKeys.PROBD_IDLE_EXIT_SECONDS) * 1000,
        quotaKib < 0 ? -1 : quotaKib * 1024,
        config.path(ConfigKeys.NATIVE_LIBRARY_DIR),
        config.path(ConfigKeys.PROBD_STATUS_FILE));
  }

  /**
   * Half of what a probe waits for its answer, so that a probe stuck behind busy slots learns it (a
   * rejection it can report) instead of timing out unsure whether its record will be stored; at
   * least 100 ms, and at most the connection timeout, the daemon's own bound on a connection. When
   * probes wait for no answer ({@code probe_ack_timeout_ms} 0, like the C probes) a rejection would
   * lose the record unseen, so the connection waits the connection timeout, by which every slot
   * normally frees.
   */
  static long slotWaitMillis(long probeAckTimeoutMs, long connectionTimeoutMs) {
    if (probeAckTimeoutMs == 0) {
      return connectionTimeoutMs;
    }
    return Math.min(connectionTimeoutMs, Math.max(100, probeAckTimeoutMs / 2));
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

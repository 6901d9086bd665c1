package org.telemetrics.probd;

import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.log.Log;

/**
 * The settings in force, which a reload replaces. What is fixed at start (the directories and the
 * socket, the native library, the status file) stays as it was, with a warning when the new
 * configuration changes it.
 */
final class ReloadableSettings {
  /** Loads the configuration again for a reload. */
  interface ConfigSource {
    TelemetryConfig load() throws ConfigException;
  }

  private final ConfigSource source;
  private final Log log;
  private volatile ProbdSettings current;

  ReloadableSettings(ConfigSource source, ProbdSettings initial, Log log) {
    this.source = source;
    this.current = initial;
    this.log = log;
  }

  ProbdSettings current() {
    return current;
  }

  /**
   * Loads the configuration again; returns the settings now in force, or null when it could not be
   * loaded (logged; the current settings stay).
   */
  ProbdSettings reload() {
    ProbdSettings settings = current;
    ProbdSettings next;
    try {
      next = ProbdSettings.from(source.load());
    } catch (ConfigException e) {
      log.error("reload failed, keeping the current configuration: " + e.getMessage());
      return null;
    }
    if (!next.layout().socketPath().equals(settings.layout().socketPath())) {
      log.warning(
          "socket_path changed to "
              + next.layout().socketPath()
              + "; it takes effect at the next start");
    }
    if (!next.layout().spoolDir().equals(settings.layout().spoolDir())) {
      log.warning("spool_dir changed; it takes effect at the next start");
    }
    next =
        new ProbdSettings(
            settings.layout(),
            next.peerPolicy(),
            next.maxConnections(),
            next.connectionTimeoutMs(),
            next.slotWaitMs(),
            next.labels(),
            next.recycling(),
            next.idleExitMillis(),
            next.stagingQuotaBytes(),
            settings.nativeLibraryDir(),
            settings.statusFile());
    current = next;
    return next;
  }
}

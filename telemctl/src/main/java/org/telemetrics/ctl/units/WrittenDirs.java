package org.telemetrics.ctl.units;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.config.ConfigKey;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.ProbeKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.systemd.Units;

/** The directories each packaged service writes below, as the configuration places its files. */
final class WrittenDirs {
  /** A directory a service writes below, and the key that put it there. */
  record Written(String key, Path dir) {}

  private WrittenDirs() {}

  /** The directories {@code service} writes below with {@code config}. */
  static List<Written> of(String service, TelemetryConfig config) {
    List<Written> dirs = new ArrayList<>();
    switch (service) {
      case Units.POSTD -> postd(dirs, config);
      case Units.PROBD, Units.RECOVERY -> probd(dirs, service, config);
      case Units.KLOGSCANNER -> addParent(dirs, ConfigKeys.KLOGSCANNER_STATE_FILE, config);
      case Units.JOURNALPROBE -> addParent(dirs, ConfigKeys.JOURNALPROBE_CURSOR_FILE, config);
      case Units.COREDUMP -> coredump(dirs, config);
      default -> throw new IllegalArgumentException("not a packaged service: " + service);
    }
    return dirs;
  }

  private static void postd(List<Written> dirs, TelemetryConfig config) {
    add(dirs, ProbeKeys.SPOOL_DIR, config);
    add(dirs, ConfigKeys.NATIVE_LIBRARY_DIR, config);
    addParent(dirs, ProbeKeys.JOURNAL_FILE, config);
    add(dirs, ProbeKeys.RECORD_RETENTION_DIR, config);
    addParent(dirs, ConfigKeys.POSTD_STATUS_FILE, config);
    if (!config.get(ConfigKeys.USAGE_DB).isEmpty()) {
      addParent(dirs, ConfigKeys.USAGE_DB, config);
    }
    String usageLog = config.get(ConfigKeys.USAGE_LOG);
    if (usageLog.startsWith("/")) { // not off, and not a descriptor systemd passes
      addParent(dirs, ConfigKeys.USAGE_LOG, Path.of(usageLog));
    }
  }

  private static void probd(List<Written> dirs, String service, TelemetryConfig config) {
    add(dirs, ProbeKeys.SPOOL_DIR, config);
    add(dirs, ConfigKeys.NATIVE_LIBRARY_DIR, config);
    addParent(dirs, ProbeKeys.MACHINE_ID_FILE, config);
    addParent(dirs, ConfigKeys.PROBD_STATUS_FILE, config);
    if (service.equals(Units.PROBD)) {
      addParent(dirs, ProbeKeys.HOST_INFO_FILE, config);
    }
  }

  /** crashprobe-coredump runs crashprobe for each crash: its counters and kept cores too. */
  private static void coredump(List<Written> dirs, TelemetryConfig config) {
    addParent(dirs, ConfigKeys.CRASH_COREDUMP_CURSOR_FILE, config);
    add(dirs, ConfigKeys.CRASH_STATE_DIR, config);
    if (config.get(ConfigKeys.CRASH_CORE_KEEP)) {
      add(dirs, ConfigKeys.CRASH_CORE_DIR, config);
    }
  }

  private static void add(List<Written> dirs, ConfigKey<String> key, TelemetryConfig config) {
    dirs.add(new Written(key.name(), config.path(key).normalize()));
  }

  private static void addParent(List<Written> dirs, ConfigKey<String> key, TelemetryConfig c) {
    addParent(dirs, key, c.path(key));
  }

  private static void addParent(List<Written> dirs, ConfigKey<String> key, Path file) {
    Path parent = file.normalize().getParent();
    dirs.add(new Written(key.name(), parent == null ? Path.of("/") : parent));
  }
}

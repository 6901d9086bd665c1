package org.telemetrics.probes.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;

/**
 * crashprobe's use of {@link CoreRetention} under {@code crash_core_keep}: where the core's bytes
 * are copied while they are read, and what the log says of the copy. A copy that cannot be started
 * is only logged: the crash is reported all the same.
 */
final class KeptCore {
  private final CoreRetention retention; // null: no copy is kept
  private final Log log;

  private KeptCore(CoreRetention retention, Log log) {
    this.retention = retention;
    this.log = log;
  }

  static KeptCore start(TelemetryConfig config, CrashArgs args, Clock clock, Log log) {
    if (!config.get(ConfigKeys.CRASH_CORE_KEEP)) {
      return new KeptCore(null, log);
    }
    try {
      return new KeptCore(
          CoreRetention.start(
              config.path(ConfigKeys.CRASH_CORE_DIR),
              args.processName().orElse(args.process()),
              args.pid().orElse(0L),
              args.time().orElse(clock.instant().getEpochSecond()),
              config.get(ConfigKeys.CRASH_CORE_MAX_KB) * 1024,
              config.get(ConfigKeys.CRASH_CORE_DIR_MAX_KB) * 1024),
          log);
    } catch (IOException e) {
      log.warning("core of " + args.process() + " not kept: " + FileErrors.describe(e));
      return new KeptCore(null, log);
    }
  }

  /** Where the core's bytes are copied, or null when none is kept. */
  OutputStream sink() {
    return retention == null ? null : retention.sink();
  }

  /** Ends the copy and logs where it went, or why it was not kept. */
  void finish() {
    if (retention == null) {
      return;
    }
    CoreRetention.Result r = retention.finish();
    r.deleted().forEach(p -> log.info("deleted kept core " + p + " to make room"));
    if (r.kept().isPresent()) {
      log.info("core kept as " + r.kept().get());
    } else {
      log.warning("core not kept: " + r.reason());
    }
  }
}

package org.telemetrics.probes.crash;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.probes.crash.payload.CrashPayload;

/**
 * crashprobe's use of {@link FloodControl}: counts a crash's signature, sends the summary of the
 * previous hour when one is due, and says whether this crash is reported. Without its state (a
 * directory it cannot write) every crash is reported.
 */
final class CrashFloodGate {
  private final FloodControl flood;
  private final long limit;
  private final CrashSender sender;
  private final Log log;

  CrashFloodGate(TelemetryConfig config, Clock clock, CrashSender sender, Log log) {
    this.limit = config.get(ConfigKeys.CRASH_FLOOD_LIMIT);
    this.flood = new FloodControl(config.path(ConfigKeys.CRASH_STATE_DIR), limit, clock);
    this.sender = sender;
    this.log = log;
  }

  /** False when the crash of {@code process}, with these top frames, is left out. */
  boolean allows(String process, List<String> top) {
    FloodControl.Decision d;
    try {
      d = flood.record(FloodControl.signature(process, top));
    } catch (IOException e) {
      log.warning(
          "flood control unavailable ("
              + e.getClass().getSimpleName()
              + ": "
              + FileErrors.describe(e)
              + "); reporting anyway");
      return true;
    }
    if (d.suppressedBefore() > 0) {
      sender.send(process, Crashprobe.CLASS_FLOOD, 2, summary(process, top, d));
    }
    if (!d.send()) {
      log.info(
          "crash of "
              + process
              + " left out: its signature passed "
              + limit
              + " records this hour");
    }
    return d.send();
  }

  private static String summary(String process, List<String> top, FloodControl.Decision d) {
    Instant from = Instant.ofEpochSecond(d.previousWindowStart());
    return CrashPayload.fit(
        "Process: "
            + CrashPayload.printable(process)
            + "\n"
            + "Suppressed: "
            + d.suppressedBefore()
            + "\n"
            + "Window: "
            + from
            + " to "
            + from.plusSeconds(FloodControl.WINDOW_SECONDS)
            + "\n"
            + "Signature: "
            + CrashPayload.printable(String.join(" ", top))
            + "\n");
  }
}

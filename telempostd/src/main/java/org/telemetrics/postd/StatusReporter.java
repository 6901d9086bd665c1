package org.telemetrics.postd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.spool.disk.DropReason;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/**
 * What telempostd tells about itself: the status file telemctl status reads and systemd's STATUS=
 * line, both updated when something changed and at most every {@link #EVERY_NANOS}. The file also
 * carries the counters' totals over every run ({@link CounterTotals}), which {@code telemctl
 * metrics} reads while the daemon sleeps; at most 2 s of counts are lost to a kill -9. The gauges
 * ({@link QueueGauges}, {@code start_ms}, {@code backend_reachable}) are the values at the time of
 * writing.
 */
final class StatusReporter {
  static final long EVERY_NANOS = 2_000_000_000L;

  /** The states telemctl status shows: the loop's, and {@code stopped} at the end. */
  static final String RUNNING = "running";

  static final String IDLE = "idle";
  static final String NOT_OPTED_IN = "not opted in (nothing is sent; the queue is kept)";

  private final Path statusFile;
  private final Supplier<QueueGauges> gauges;
  private final Counters counters;
  private final Log log;
  private final TimeSource time;
  private final SdNotify notify;
  private final CounterTotals totals;
  private final long startMillis;

  /** A status file that cannot be written (a full or read-only /var): a line a minute at most. */
  private final LogThrottle writeTrouble;

  private long lastNanos;
  private boolean reported;
  private String lastState = "";
  private String lastNotified = "";

  StatusReporter(
      Path statusFile,
      Supplier<QueueGauges> gauges,
      Counters counters,
      Log log,
      TimeSource time,
      SdNotify notify) {
    this.statusFile = statusFile;
    this.gauges = gauges;
    this.counters = counters;
    this.log = log;
    this.time = time;
    this.notify = notify;
    this.startMillis = time.millis();
    this.writeTrouble = new LogThrottle(log, time, 60_000_000_000L);
    this.totals = CounterTotals.load(statusFile, startMillis, log::warning);
  }

  /** systemd's one-line summary. */
  String summary() {
    return summary(RUNNING);
  }

  private String summary(String daemonState) {
    String queued = gauges.get().records() + " records queued";
    return daemonState.equals(NOT_OPTED_IN) ? queued + "; " + NOT_OPTED_IN : queued;
  }

  /** Called by the loop: writes what changed, if the last write is long enough ago. */
  void maybeReport(boolean optedIn, boolean idle) {
    String daemonState = !optedIn ? NOT_OPTED_IN : idle ? IDLE : RUNNING;
    long now = time.nanos();
    if (reported && now - lastNanos < EVERY_NANOS) {
      return;
    }
    String state =
        daemonState
            + ' '
            + counters.summary()
            + gauges.get()
            + counters.delivery.counts()
            + counters.delivery.backendReachable();
    if (state.equals(lastState)) {
      return; // only when something changed: no idle writes
    }
    write(daemonState);
    String line = summary(daemonState);
    if (!line.equals(lastNotified)) {
      notify.status(line);
      lastNotified = line;
    }
    lastNanos = now;
    reported = true;
    lastState = state;
  }

  /** The key=value facts telemctl status shows; a failure to write is only logged. */
  void write(String state) {
    DaemonStatus s =
        DaemonStatus.empty()
            .with(DaemonStatus.UPDATED_MS, time.millis())
            .with(DaemonStatus.PID, ProcessHandle.current().pid())
            .with(DaemonStatus.STATE, state)
            .with("start_ms", startMillis);
    s = gauges.get().addTo(s);
    OptionalInt reachable = counters.delivery.backendReachable();
    if (reachable.isPresent()) {
      s = s.with("backend_reachable", reachable.getAsInt());
    }
    if (counters.lastDeliveryMillis > 0) {
      s =
          s.with(DaemonStatus.LAST_DELIVERY_MS, counters.lastDeliveryMillis)
              .with(DaemonStatus.LAST_DELIVERY_RECORD_ID, counters.lastDeliveryId);
    }
    if (counters.lastErrorMillis > 0) {
      s =
          s.with(DaemonStatus.LAST_ERROR_MS, counters.lastErrorMillis)
              .with(DaemonStatus.LAST_ERROR, counters.lastError);
    }
    s =
        s.with(DaemonStatus.DELIVERED, counters.delivered.get())
            .with(DaemonStatus.DEAD_LETTERED, counters.deadLettered.get())
            .with(DaemonStatus.DROPPED, counters.droppedTotal())
            .with(DaemonStatus.FAILED_ATTEMPTS, counters.retried.get())
            .with("quarantined", counters.quarantined.get());
    s = totals.addTo(s, totalsOfThisRun());
    try {
      Directories.ensure(statusFile.getParent());
      StatusFile.write(statusFile, s);
    } catch (IOException | RuntimeException e) { // metrics never stop the daemon
      writeTrouble.log(
          Log.Level.WARNING, "status", "cannot write " + FileErrors.about(statusFile, e));
    }
  }

  /** The counts that persist as {@code <name>_total}; names are the metrics' vocabulary. */
  private Map<String, Long> totalsOfThisRun() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("delivered", counters.delivered.get());
    counts.put("dead_lettered", counters.deadLettered.get());
    counts.put("quarantined", counters.quarantined.get());
    counts.put("failed_attempts", counters.retried.get());
    counts.put("otlp_isolations", counters.otlpIsolations.get());
    for (DropReason reason : DropReason.values()) {
      if (reason != DropReason.QUARANTINED) {
        counts.put(droppedKey(reason), counters.dropped(reason).get());
      }
    }
    counts.putAll(counters.delivery.counts());
    return counts;
  }

  /** {@code dropped_<reason>}, e.g. {@code dropped_spool_full}. */
  static String droppedKey(DropReason reason) {
    return "dropped_" + reason.name().toLowerCase(Locale.ROOT);
  }
}

package org.telemetrics.postd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.telemetrics.daemon.Log;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.spool.AtomicFiles;
import org.telemetrics.spool.disk.DropReason;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/**
 * What telempostd tells about itself: the status file telemctl status reads and systemd's
 * STATUS= line, both updated when something changed and at most every {@link #EVERY_NANOS}.
 * The file also carries the counters' totals over every run ({@link CounterTotals}), which
 * {@code telemctl metrics} reads while the daemon sleeps; at most 2 s of counts are lost to a
 * kill -9.
 */
final class StatusReporter {
  static final long EVERY_NANOS = 2_000_000_000L;

  /** The queue's size as the status shows it. */
  record Backlog(int records, long bytes) {}

  private final Path statusFile;
  private final Supplier<Backlog> backlog;
  private final Counters counters;
  private final Log log;
  private final TimeSource time;
  private final SdNotify notify;
  private final CounterTotals totals;
  private long lastNanos;
  private boolean reported;
  private String lastState = "";
  private String lastNotified = "";

  StatusReporter(Path statusFile, Supplier<Backlog> backlog, Counters counters, Log log,
      TimeSource time, SdNotify notify) {
    this.statusFile = statusFile;
    this.backlog = backlog;
    this.counters = counters;
    this.log = log;
    this.time = time;
    this.notify = notify;
    this.totals = CounterTotals.load(statusFile, time.millis(), log::warning);
  }

  /** systemd's one-line summary. */
  String summary() {
    return backlog.get().records() + " records queued";
  }

  /** Called by the loop: writes what changed, if the last write is long enough ago. */
  void maybeReport(boolean idle) {
    long now = time.nanos();
    if (reported && now - lastNanos < EVERY_NANOS) {
      return;
    }
    String state = (idle ? "idle " : "running ") + counters.summary() + backlog.get();
    if (state.equals(lastState)) {
      return; // only when something changed: no idle writes
    }
    write(idle ? "idle" : "running");
    String line = summary();
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
    DaemonStatus s = DaemonStatus.empty()
        .with(DaemonStatus.UPDATED_MS, time.millis())
        .with(DaemonStatus.PID, ProcessHandle.current().pid())
        .with(DaemonStatus.STATE, state)
        .with("queued", backlog.get().records())
        .with("queued_bytes", backlog.get().bytes());
    if (counters.lastDeliveryMillis > 0) {
      s = s.with(DaemonStatus.LAST_DELIVERY_MS, counters.lastDeliveryMillis)
          .with(DaemonStatus.LAST_DELIVERY_RECORD_ID, counters.lastDeliveryId);
    }
    if (counters.lastErrorMillis > 0) {
      s = s.with(DaemonStatus.LAST_ERROR_MS, counters.lastErrorMillis)
          .with(DaemonStatus.LAST_ERROR, counters.lastError);
    }
    s = s.with(DaemonStatus.DELIVERED, counters.delivered.get())
        .with(DaemonStatus.DEAD_LETTERED, counters.deadLettered.get())
        .with(DaemonStatus.DROPPED, counters.droppedTotal())
        .with(DaemonStatus.FAILED_ATTEMPTS, counters.retried.get())
        .with("quarantined", counters.quarantined.get());
    s = totals.addTo(s, totalsOfThisRun());
    try {
      AtomicFiles.ensureDirectory(statusFile.getParent());
      StatusFile.write(statusFile, s);
    } catch (IOException e) {
      log.warning("cannot write " + statusFile + ": " + e.getMessage());
    }
  }

  /** The counts that persist as {@code <name>_total}; names are the metrics' vocabulary. */
  private Map<String, Long> totalsOfThisRun() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("delivered", counters.delivered.get());
    counts.put("dead_lettered", counters.deadLettered.get());
    counts.put("quarantined", counters.quarantined.get());
    counts.put("failed_attempts", counters.retried.get());
    for (DropReason reason : DropReason.values()) {
      if (reason != DropReason.QUARANTINED) {
        counts.put(droppedKey(reason), counters.dropped(reason).get());
      }
    }
    return counts;
  }

  /** {@code dropped_<reason>}, e.g. {@code dropped_spool_full}. */
  static String droppedKey(DropReason reason) {
    return "dropped_" + reason.name().toLowerCase(Locale.ROOT);
  }
}

package org.telemetrics.probd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/**
 * telemprobd's counters in {@code probd_status_file}, as totals over every run ({@link
 * CounterTotals}), so metrics read while it is not running never go down, with two plain gauges:
 * {@code connections_open} (0 at exit) and {@code start_ms}. Written when a count or a gauge
 * changed, at most every {@link #EVERY_NANOS}, and at exit; a failed write is only logged: metrics
 * never hold a record back.
 */
final class ProbdStatusWriter {
  static final long EVERY_NANOS = 2_000_000_000L;

  private final Path file;
  private final ProbdCounters counters;
  private final Log log;
  private final TimeSource time;
  private final CounterTotals totals;
  private final long startMillis;

  /** A status file that cannot be written (a full or read-only /var): a line a minute at most. */
  private final LogThrottle writeTrouble;

  private Snapshot lastWritten;
  private long lastNanos;
  private boolean written;

  ProbdStatusWriter(Path file, ProbdCounters counters, Log log, TimeSource time) {
    this.file = file;
    this.counters = counters;
    this.log = log;
    this.time = time;
    this.startMillis = time.wall().millis();
    this.writeTrouble = new LogThrottle(log, time, 60_000_000_000L);
    this.totals = CounterTotals.load(file, startMillis, log::warning);
  }

  /** What a write compares with the last one; equal: nothing to write. */
  private record Snapshot(Map<String, Long> counts, long connectionsOpen) {}

  /**
   * Called every second: writes if a count or {@code connections_open} changed and the last write
   * is 2 s old.
   */
  synchronized void maybeWrite() {
    if (written && time.monotonic().nanos() - lastNanos < EVERY_NANOS) {
      return;
    }
    Snapshot current = new Snapshot(counters.byName(), counters.connectionsOpen());
    if (current.equals(lastWritten)) {
      return; // nothing new: an idle daemon does not write
    }
    write("running", current);
  }

  /** The last write, at exit: no connection is served any more. */
  synchronized void writeAtExit() {
    write("stopped", new Snapshot(counters.byName(), 0));
  }

  private void write(String state, Snapshot snapshot) {
    DaemonStatus s =
        DaemonStatus.empty()
            .with(DaemonStatus.UPDATED_MS, time.wall().millis())
            .with(DaemonStatus.PID, ProcessHandle.current().pid())
            .with(DaemonStatus.STATE, state)
            .with("start_ms", startMillis)
            .with("connections_open", snapshot.connectionsOpen());
    s = totals.addTo(s, snapshot.counts());
    try {
      Directories.ensure(file.getParent());
      StatusFile.write(file, s, time.wall());
    } catch (IOException e) {
      writeTrouble.log(Log.Level.WARNING, "status", "cannot write " + FileErrors.about(file, e));
    }
    lastWritten = snapshot;
    lastNanos = time.monotonic().nanos();
    written = true;
  }
}

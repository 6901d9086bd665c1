package org.telemetrics.probd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.telemetrics.daemon.Log;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.spool.AtomicFiles;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/**
 * telemprobd's counters in {@code probd_status_file}, as totals over every run
 * ({@link CounterTotals}), so metrics read while it is not running never go down. Written when
 * they changed, at most every {@link #EVERY_NANOS}, and at exit; a failed write is only logged:
 * metrics never hold a record back.
 */
final class ProbdStatusWriter {
  static final long EVERY_NANOS = 2_000_000_000L;

  private final Path file;
  private final ProbdCounters counters;
  private final Log log;
  private final TimeSource time;
  private final CounterTotals totals;
  private Map<String, Long> lastWritten = Map.of();
  private long lastNanos;
  private boolean written;

  ProbdStatusWriter(Path file, ProbdCounters counters, Log log, TimeSource time) {
    this.file = file;
    this.counters = counters;
    this.log = log;
    this.time = time;
    this.totals = CounterTotals.load(file, time.wall().millis(), log::warning);
  }

  /** Called every second: writes if the counts changed and the last write is 2 s old. */
  synchronized void maybeWrite() {
    long now = time.monotonic().nanos();
    if (written && now - lastNanos < EVERY_NANOS) {
      return;
    }
    if (counters.byName().equals(lastWritten)) {
      return; // nothing new: an idle daemon does not write
    }
    write("running");
  }

  synchronized void write(String state) {
    Map<String, Long> counts = counters.byName();
    DaemonStatus s = DaemonStatus.empty()
        .with(DaemonStatus.UPDATED_MS, time.wall().millis())
        .with(DaemonStatus.PID, ProcessHandle.current().pid())
        .with(DaemonStatus.STATE, state);
    s = totals.addTo(s, counts);
    try {
      AtomicFiles.ensureDirectory(file.getParent());
      StatusFile.write(file, s, time.wall());
    } catch (IOException e) {
      log.warning("cannot write " + file + ": " + e.getMessage());
    }
    lastWritten = counts;
    lastNanos = time.monotonic().nanos();
    written = true;
  }
}

package org.telemetrics.postd.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.postd.spool.Settlement;
import org.telemetrics.postd.spool.SettlementListener;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.usage.UsageBlur;
import org.telemetrics.usage.UsageEvent;

/**
 * Turns each settlement into a usage event (classification as its metrics label, never the raw
 * classification; no id, payload, path or server) and hands it, blurred, to the usage writer's
 * thread for the usage log and the usage database (either may be off). The settling thread only
 * builds the event and queues it: no I/O, no lock held across the writer's I/O, no exception.
 */
public final class UsageRecorder implements SettlementListener, AutoCloseable {
  static final long TROUBLE_LOG_NANOS = 60_000_000_000L;
  private static final String SQLITE_TMPDIR = "org.sqlite.tmpdir";

  private final ClassificationLabels labels;
  private final UsageBlur blur;
  private final UsageLogWriter logWriter;
  private final UsageDbWriter dbWriter;
  private final LogThrottle throttle;

  /** Null when both the log and the database are off. */
  private final UsageWriter writer;

  UsageRecorder(
      ClassificationLabels labels,
      UsageBlur blur,
      UsageLogWriter logWriter,
      UsageDbWriter dbWriter,
      UsageKeys keys,
      LogThrottle throttle) {
    this.labels = labels;
    this.blur = blur;
    this.logWriter = logWriter;
    this.dbWriter = dbWriter;
    this.throttle = throttle;
    this.writer =
        logWriter == null && dbWriter == null
            ? null
            : new UsageWriter(logWriter, dbWriter, keys, throttle, UsageWriter.BATCH_MILLIS);
    if (writer != null) {
      writer.start();
    }
  }

  /** The recorder of {@code settings}; its database (if any) is opened and its thread started. */
  public static UsageRecorder start(
      UsageSettings settings,
      ClassificationLabels labels,
      String bootId,
      TimeSource time,
      Log log) {
    LogThrottle throttle = new LogThrottle(log, time, TROUBLE_LOG_NANOS);
    UsageLogWriter logWriter =
        settings.log().isEmpty()
            ? null
            : new UsageLogWriter(settings.log(), UsageLogWriter.Opener.FILES, throttle);
    UsageDbWriter dbWriter = null;
    UsageKeys keys = null;
    if (settings.database().isPresent()) {
      Path file = settings.database().get();
      String problem = UsageSettings.writeProblem(file);
      if (problem != null) {
        log.warning("usage database off: " + problem);
      } else {
        try {
          // where sqlite-jdbc copies its native library when it is not given the package's
          // (org.sqlite.lib.path, which the launchers set): native_library_dir, as junixsocket
          if (System.getProperty(SQLITE_TMPDIR) == null
              && Files.isDirectory(settings.nativeLibraryDir())) {
            System.setProperty(SQLITE_TMPDIR, settings.nativeLibraryDir().toString());
          }
          keys = UsageKeys.load(file.resolveSibling(file.getFileName() + ".key"), log::warning);
          dbWriter =
              new UsageDbWriter(
                  file,
                  bootId,
                  settings.blur(),
                  settings.retentionDays(),
                  time.wall(),
                  log,
                  throttle);
          dbWriter.open();
        } catch (IOException | RuntimeException e) {
          log.warning("usage database off: cannot set up " + file + ": " + FileErrors.reason(e));
          dbWriter = null;
        }
      }
    }
    return new UsageRecorder(labels, settings.blur(), logWriter, dbWriter, keys, throttle);
  }

  @Override
  public void settled(SpoolEntry entry, Settlement s, long settledAtMillis) {
    if (writer == null) {
      return;
    }
    try {
      writer.add(
          new PendingUsage(entry.recordId(), eventOf(entry, s, settledAtMillis).blurred(blur)));
    } catch (RuntimeException e) {
      throttle.log(Log.Level.ERROR, "usage", "usage account: " + e + "; delivery goes on");
    }
  }

  UsageEvent eventOf(SpoolEntry entry, Settlement s, long settledAtMillis) {
    long received = entry.receivedAtMillis();
    return new UsageEvent(
        Math.floorDiv(received, 1000),
        Math.floorDiv(settledAtMillis, 1000),
        Math.max(0, settledAtMillis - received - s.steppedMillis()) / 1000.0,
        s.waitingMillis() < 0 ? null : s.waitingMillis() / 1000.0,
        recordBytes(entry),
        s.outcome(),
        s.reason(),
        s.attempts(),
        labels.labelOf(entry.record().classification()),
        entry.record().severityLevel());
  }

  /** The record as sent: its header lines and payload, in UTF-8 (counted, not copied). */
  private static long recordBytes(SpoolEntry e) {
    return Utf8.length(e.record().headerText()) + Utf8.length(e.record().payload());
  }

  /** The queue now; written to {@code current} with the next batch. */
  public void current(QueueSnapshot snapshot) {
    if (dbWriter != null) {
      dbWriter.current(snapshot);
    }
  }

  /** SIGHUP: the log is opened again before its next line. */
  public void reopenLog() {
    if (logWriter != null) {
      logWriter.reopen();
    }
  }

  /** For the stop line: lines and rows that could not be written. */
  public String summary() {
    return "usage_log_dropped="
        + (logWriter == null ? 0 : logWriter.dropped())
        + " usage_db_rows="
        + (dbWriter == null ? 0 : dbWriter.written())
        + " usage_db_dropped="
        + (dbWriter == null ? 0 : dbWriter.dropped())
        + " usage_behind_dropped="
        + (writer == null ? 0 : writer.dropped());
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close(); // writes what is queued, then closes the database
    }
    if (logWriter != null) {
      logWriter.close();
    }
  }
}

package org.telemetrics.postd.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.telemetrics.daemon.Log;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.postd.spool.Settlement;
import org.telemetrics.postd.spool.SettlementListener;
import org.telemetrics.postd.time.LogThrottle;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.usage.UsageBlur;
import org.telemetrics.usage.UsageEvent;

/**
 * Turns each settlement into a usage event (classification as its metrics label, never the
 * raw classification; no id, payload, path or server) and hands it, blurred, to the usage log
 * and the usage database. Either may be off. Never throws at the settling thread.
 */
public final class UsageRecorder implements SettlementListener, AutoCloseable {
  static final long TROUBLE_LOG_NANOS = 60_000_000_000L;
  private static final String SQLITE_TMPDIR = "org.sqlite.tmpdir";

  private final ClassificationLabels labels;
  private final UsageBlur blur;
  private final UsageLogWriter logWriter;
  private final UsageDbWriter dbWriter;
  private final UsageKeys keys;
  private final LogThrottle throttle;

  UsageRecorder(ClassificationLabels labels, UsageBlur blur, UsageLogWriter logWriter,
      UsageDbWriter dbWriter, UsageKeys keys, LogThrottle throttle) {
    this.labels = labels;
    this.blur = blur;
    this.logWriter = logWriter;
    this.dbWriter = dbWriter;
    this.keys = keys;
    this.throttle = throttle;
  }

  /** The recorder of {@code settings}; its database (if any) is opened and its thread started. */
  public static UsageRecorder start(UsageSettings settings, ClassificationLabels labels,
      String bootId, TimeSource time, Log log) {
    LogThrottle throttle = new LogThrottle(log, time, TROUBLE_LOG_NANOS);
    UsageLogWriter logWriter = settings.log().isEmpty() ? null
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
          if (System.getProperty(SQLITE_TMPDIR) == null
              && Files.isDirectory(settings.nativeLibraryDir())) {
            System.setProperty(SQLITE_TMPDIR, settings.nativeLibraryDir().toString());
          }
          keys = UsageKeys.load(file.resolveSibling(file.getFileName() + ".key"));
          dbWriter = new UsageDbWriter(file, bootId, settings.blur(), settings.retentionDays(),
              time.wall(), log, throttle);
          dbWriter.start();
        } catch (IOException | RuntimeException e) {
          log.warning("usage database off: cannot set up " + file + ": " + e.getMessage());
          dbWriter = null;
        }
      }
    }
    return new UsageRecorder(labels, settings.blur(), logWriter, dbWriter, keys, throttle);
  }

  @Override
  public void settled(SpoolEntry entry, Settlement s, long settledAtMillis) {
    if (logWriter == null && dbWriter == null) {
      return;
    }
    try {
      UsageEvent event = eventOf(entry, s, settledAtMillis).blurred(blur);
      if (logWriter != null) {
        logWriter.write(event);
      }
      if (dbWriter != null) {
        dbWriter.add(new UsageRow(keys.of(entry.recordId()), event));
      }
    } catch (RuntimeException e) {
      throttle.log(Log.Level.ERROR, "usage", "usage account: " + e + "; delivery goes on");
    }
  }

  UsageEvent eventOf(SpoolEntry entry, Settlement s, long settledAtMillis) {
    long received = entry.receivedAtMillis();
    return new UsageEvent(Math.floorDiv(received, 1000), Math.floorDiv(settledAtMillis, 1000),
        Math.max(0, settledAtMillis - received) / 1000.0,
        s.waitingMillis() < 0 ? null : s.waitingMillis() / 1000.0,
        recordBytes(entry), s.outcome(), s.reason(), s.attempts(),
        labels.labelOf(entry.record().classification()), entry.record().severityLevel());
  }

  /** The record as sent: its header lines and payload, in UTF-8. */
  private static long recordBytes(SpoolEntry e) {
    return e.record().headerText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        + e.record().payloadBytes().length;
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
    return "usage_log_dropped=" + (logWriter == null ? 0 : logWriter.dropped())
        + " usage_db_rows=" + (dbWriter == null ? 0 : dbWriter.written())
        + " usage_db_dropped=" + (dbWriter == null ? 0 : dbWriter.dropped());
  }

  @Override
  public void close() {
    if (dbWriter != null) {
      dbWriter.close();
    }
    if (logWriter != null) {
      logWriter.close();
    }
  }
}

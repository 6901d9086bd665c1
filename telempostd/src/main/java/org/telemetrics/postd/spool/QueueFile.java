package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.telemetrics.spool.disk.SettledLog;
import org.telemetrics.spool.disk.SpoolNames;

/**
 * A file in {@code queue/} and how many of its records are still queued. telemprobd commits records
 * that arrive together in one file; the file goes when its last record is settled. A file that
 * outlives {@link #LOG_AFTER_NANOS} gets the ids of its settled records appended to {@code
 * <file>.settled}, so that after a kill its delivered records are not sent again. Most files go
 * sooner and never need the log (another file to create). The ids are appended at most once every
 * {@link #LOG_AFTER_NANOS}, several at a time (a large file settled record by record would
 * otherwise cost an open, a write and a close for each); those settled since wait in memory for the
 * next append or the daemon loop's flush. A kill sends again at most the records of the last
 * moments, and a power cut (the log is not fsynced) perhaps more, always under their record ids.
 * {@code queued} is guarded by the {@link DueScheduler}.
 */
final class QueueFile {
  static final String SETTLED_SUFFIX = SpoolNames.SETTLED_SUFFIX;
  static final long LOG_AFTER_NANOS = 200_000_000L;

  /** A record id (32 hex digits) and a newline. */
  private static final int ID_LINE_BYTES = SettledLog.ID_LINE_BYTES;

  final Path path;

  /** Records the file held when it was queued. */
  final int records;

  int queued;

  /** When the file was queued, then when the log was last appended to. */
  private long loggedAtNanos;

  private final DiskWrites disk;
  private final List<String> unlogged = new ArrayList<>();
  private boolean deleted;

  QueueFile(Path path, int records, long nowNanos, DiskWrites disk) {
    this.path = path;
    this.records = records;
    this.queued = records;
    this.loggedAtNanos = nowNanos;
    this.disk = disk;
  }

  private Path settledLogPath() {
    return SettledLog.of(path);
  }

  /**
   * Notes that a record of this file was settled while others are still queued; returns true if the
   * note waits in memory (the caller then has {@link #logSettled} called later).
   */
  synchronized boolean noteSettled(String recordId, long nowNanos) throws IOException {
    if (deleted || records == 1) {
      return false;
    }
    unlogged.add(recordId);
    if (!logDue(nowNanos)) {
      return true;
    }
    logSettled(nowNanos);
    return false;
  }

  /** Whether the notes waiting in memory are due for the log. */
  synchronized boolean logDue(long nowNanos) {
    return nowNanos - loggedAtNanos >= LOG_AFTER_NANOS;
  }

  /**
   * Appends the notes waiting in memory to the log. If that fails (a full disk) they stay in memory
   * for the next try: at worst those records are sent again after a kill.
   */
  synchronized void logSettled(long nowNanos) throws IOException {
    if (deleted || unlogged.isEmpty()) {
      return;
    }
    loggedAtNanos = nowNanos;
    StringBuilder lines = new StringBuilder();
    for (String id : unlogged) {
      lines.append(id).append('\n');
    }
    disk.append(settledLogPath(), lines.toString().getBytes(StandardCharsets.US_ASCII));
    unlogged.clear();
  }

  /**
   * The ids an earlier run noted as settled (none if there is no log). A log that cannot be ours is
   * refused with an exception naming it ({@link SettledLog#read}); the caller sets it aside and
   * sends those records again.
   */
  Set<String> settledBefore() throws IOException {
    return SettledLog.read(settledLogPath(), records);
  }

  Path settledLog() {
    return settledLogPath();
  }

  /** Deletes the file and its log (its last record is settled). */
  synchronized void delete() throws IOException {
    deleted = true;
    unlogged.clear();
    Files.deleteIfExists(path); // first: a log whose file is gone is removed at the next start
    Files.deleteIfExists(settledLogPath());
  }

  /** Closes and removes the log (the file was deleted, quarantined or moved). */
  synchronized void forgetLog() throws IOException {
    deleted = true;
    unlogged.clear();
    Files.deleteIfExists(settledLogPath());
  }
}

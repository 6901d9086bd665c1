package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.telemetrics.spool.AtomicFiles;

/**
 * A file in {@code queue/} and how many of its records are still queued. telemprobd commits
 * records that arrive together in one file; the file goes when its last record is settled. A file
 * that outlives {@link #LOG_AFTER_NANOS} gets the ids of its settled records appended to
 * {@code <file>.settled}, so that after a kill its delivered records are not sent again. Most
 * files go sooner and never need the log (another file to create); a kill sends again at most the
 * records of the last moments, and a power cut (the log is not fsynced) perhaps more, always under
 * their record ids. {@code queued} is guarded by the {@link Spool}.
 */
final class QueueFile {
  static final String SETTLED_SUFFIX = ".settled";
  static final long LOG_AFTER_NANOS = 200_000_000L;

  final Path path;
  /** Records the file held when it was queued. */
  final int records;
  int queued;
  private final long queuedAtNanos = System.nanoTime();
  private final List<String> unlogged = new ArrayList<>();
  private boolean deleted;

  QueueFile(Path path, int records) {
    this.path = path;
    this.records = records;
    this.queued = records;
  }

  private Path settledLogPath() {
    return path.resolveSibling(path.getFileName() + SETTLED_SUFFIX);
  }

  /**
   * Notes that a record of this file was settled while others are still queued; returns true if
   * the note waits in memory (the caller then has {@link #logSettled} called later).
   */
  synchronized boolean noteSettled(String recordId) throws IOException {
    if (deleted || records == 1) {
      return false;
    }
    unlogged.add(recordId);
    if (System.nanoTime() - queuedAtNanos < LOG_AFTER_NANOS) {
      return true;
    }
    logSettled();
    return false;
  }

  /** Whether the notes waiting in memory are due for the log. */
  boolean logDue(long nowNanos) {
    return nowNanos - queuedAtNanos >= LOG_AFTER_NANOS;
  }

  /** Appends the notes waiting in memory to the log. */
  synchronized void logSettled() throws IOException {
    if (deleted || unlogged.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (String id : unlogged) {
      lines.append(id).append('\n');
    }
    unlogged.clear();
    // opened for each append: a queue of lingering files must not hold a descriptor each
    try (FileChannel log = FileChannel.open(settledLogPath(), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
      while (buf.hasRemaining()) {
        log.write(buf);
      }
    }
  }

  /** The ids an earlier run noted as settled (none if there is no log). */
  Set<String> settledBefore() throws IOException {
    Path log = settledLogPath();
    Set<String> ids = new HashSet<>();
    if (!Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
      return ids;
    }
    String text = new String(AtomicFiles.readBounded(log, 64 * 1024), StandardCharsets.US_ASCII);
    for (String line : text.split("\n")) {
      ids.add(line.strip());
    }
    return ids;
  }

  /** Deletes the file and its log (its last record is settled). */
  synchronized void delete() throws IOException {
    forgetLog();
    Files.deleteIfExists(path);
  }

  /** Closes and removes the log (the file was deleted, quarantined or moved). */
  synchronized void forgetLog() throws IOException {
    deleted = true;
    unlogged.clear();
    Files.deleteIfExists(settledLogPath());
  }
}

package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;

/**
 * Reads a queued record for sending: from the scheduler's cache where intake left it, else from its
 * file at its offset. A file that went bad is quarantined whole, and the records still queued from
 * it are forgotten with it (journaled, so counted as lost).
 */
final class QueuedReads {
  private final DueScheduler scheduler;
  private final RecordJournal journal;
  private final AsideStore aside;
  private final TimeSource time;
  private final Path queueDir;

  QueuedReads(
      DueScheduler scheduler,
      RecordJournal journal,
      AsideStore aside,
      TimeSource time,
      Path queueDir) {
    this.scheduler = scheduler;
    this.journal = journal;
    this.aside = aside;
    this.time = time;
    this.queueDir = queueDir;
  }

  /** The record, or null if its file went bad (then quarantined). */
  SpoolEntry read(QueuedRecord r) throws IOException {
    r.lastReadMillis = time.millis();
    SpoolEntry cached = scheduler.takeCached(r);
    if (cached != null) {
      return cached;
    }
    try {
      return SpoolFileFormat.decode(entryBytes(r), r.receivedAtMillis);
    } catch (SpoolFormatException | IOException e) {
      List<QueuedRecord> lost = scheduler.recordsOf(r.file);
      if (!lost.contains(r)) {
        lost.add(r);
      }
      for (QueuedRecord other : lost) {
        scheduler.forget(other);
        journal.quarantined(other.createdEpochSeconds);
      }
      r.file.forgetLog();
      aside.quarantine(r.file.path, e.getMessage());
      Files.deleteIfExists(retryNote(queueDir, r.id));
      return null;
    }
  }

  /** The bytes of the record's entry in its file. */
  static byte[] entryBytes(QueuedRecord r) throws IOException {
    try (FileChannel ch =
        FileChannel.open(r.file.path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.allocate(r.fileBytes);
      while (buf.hasRemaining()) {
        if (ch.read(buf, r.offset + buf.position()) < 0) {
          throw new IOException(r.file.path + " is shorter than its records (truncated)");
        }
      }
      return buf.array();
    }
  }

  /** Where a record's retry note (its {@link RetryState}) is kept beside the queue's files. */
  static Path retryNote(Path queueDir, String id) {
    return queueDir.resolve(id + RetryState.SUFFIX);
  }
}

package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.Path;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.log.Log;
import org.telemetrics.spool.disk.DropReason;

/**
 * Whether a record may enter the queue: the spool quota ({@code spool_max_size}), the free space to
 * keep ({@code spool_keep_free}), and a disk that is out of space. When a write fails for want of
 * space, intake pauses for {@link #NO_SPACE_PAUSE_NANOS} (records wait in staging, telemprobd keeps
 * them acknowledged) while delivery goes on and frees space. Intake also waits while the queue
 * holds as many records as the heap allows ({@link #recordsThatFit}): without that bound, a spool
 * quota raised far beyond the default (or none) let a long outage fill telempostd's heap, and it
 * died at every start with the records on disk.
 */
final class Admission {
  static final long NO_SPACE_PAUSE_NANOS = 5_000_000_000L;
  private static final long MEASURE_NANOS = 1_000_000_000L;

  /**
   * Heap a queued record is given: one costs about 370 bytes (87,000 filled telempostd's 32 MiB
   * heap, bench: a backlog behind an unreachable server); the other half of the heap is left for
   * requests, batches and the usage account.
   */
  static final long HEAP_BYTES_PER_RECORD = 800;

  /** Drops the oldest queued record not in flight; false if there is none. */
  interface Evictor {
    boolean dropOldest(DropReason reason) throws IOException;
  }

  private final long maxBytes;
  private final boolean dropOldest;
  private final int keepFreePercent;
  private final DiskSpace disk;
  private final Path queueDir;
  private final DueScheduler scheduler;
  private final TimeSource time;
  private final LogThrottle throttle;
  private final int maxRecords;
  private int free;
  private long measuredAt;
  private boolean measured;
  private long pausedAt;
  private boolean paused;

  Admission(
      long maxBytes,
      boolean dropOldest,
      int keepFreePercent,
      DiskSpace disk,
      Path queueDir,
      DueScheduler scheduler,
      TimeSource time,
      LogThrottle throttle,
      int maxRecords) {
    this.maxBytes = maxBytes;
    this.dropOldest = dropOldest;
    this.keepFreePercent = keepFreePercent;
    this.disk = disk;
    this.queueDir = queueDir;
    this.scheduler = scheduler;
    this.time = time;
    this.throttle = throttle;
    this.maxRecords = maxRecords;
  }

  /** Records the queue may hold with a heap of {@code maxHeapBytes} (at least 1,000). */
  static int recordsThatFit(long maxHeapBytes) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1000, maxHeapBytes / HEAP_BYTES_PER_RECORD));
  }

  int maxRecords() {
    return maxRecords;
  }

  /**
   * Makes room for {@code bytes} more: null when the record may be queued, else why it is dropped.
   * With drop-oldest, the oldest waiting records are dropped instead while that helps.
   */
  synchronized DropReason admit(long bytes, Evictor evict) throws IOException {
    boolean lowDisk = keepFreePercent > 0 && freePercent() < keepFreePercent;
    boolean overQuota = maxBytes >= 0 && scheduler.usedBytes() + bytes > maxBytes;
    if (!lowDisk && !overQuota) {
      return null;
    }
    DropReason reason = overQuota ? DropReason.SPOOL_FULL : DropReason.DISK_FULL;
    if (!dropOldest || (maxBytes >= 0 && bytes > maxBytes)) {
      return reason;
    }
    if (!overQuota) { // low on disk: make one record's worth of room per new record
      return evict.dropOldest(reason) ? null : reason;
    }
    while (scheduler.usedBytes() + bytes > maxBytes) {
      if (!evict.dropOldest(reason)) {
        return reason;
      }
    }
    return null;
  }

  /** A write for {@code file} failed for want of space: intake pauses, once logged. */
  synchronized void noSpace(Path file, IOException e) {
    paused = true;
    pausedAt = time.nanos();
    throttle.log(
        Log.Level.WARNING,
        "no-space",
        "the spool's filesystem is full (writing "
            + file
            + ": "
            + e.getMessage()
            + "); taking no new records for "
            + NO_SPACE_PAUSE_NANOS / 1_000_000_000L
            + " s while delivery goes on");
  }

  /** Whether intake waits: for space to return, or for the queue to drain. */
  synchronized boolean intakePaused() {
    if (paused && time.nanos() - pausedAt >= NO_SPACE_PAUSE_NANOS) {
      paused = false;
    }
    if (!paused && scheduler.size() >= maxRecords) {
      throttle.log(
          Log.Level.WARNING,
          "queue-full",
          "the queue holds "
              + scheduler.size()
              + " records, as many as telempostd's heap allows; newer ones wait in staging"
              + " (acknowledged, on disk) until it drains");
      return true;
    }
    return paused;
  }

  /** The spool filesystem's free space, measured at most once a second (it is not cheap). */
  private int freePercent() throws IOException {
    long now = time.nanos();
    if (!measured || now - measuredAt > MEASURE_NANOS) {
      free = disk.freePercent(queueDir);
      measuredAt = now;
      measured = true;
    }
    return free;
  }
}

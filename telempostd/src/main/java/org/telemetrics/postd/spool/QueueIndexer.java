package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.postd.Counters;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;
import org.telemetrics.spool.disk.DropReason;
import org.telemetrics.spool.disk.SpoolNames;

/**
 * Indexes a file of {@code queue/} left by an earlier run: its records that are not settled yet
 * (its settled log) go into the {@link DueScheduler} with their retry notes. A file that cannot be
 * ours is quarantined. Files that did not fit in the heap at start wait here, deferred, and are
 * indexed as the queue drains.
 */
final class QueueIndexer {
  private final Path queueDir;
  private final DueScheduler scheduler;
  private final AsideStore aside;
  private final Counters counters;
  private final TimeSource time;
  private final DiskWrites disk;
  private final LossListener loss;
  private final RecordExpiry expiry;
  private final Deque<Path> deferred = new ArrayDeque<>();

  QueueIndexer(
      Path queueDir,
      DueScheduler scheduler,
      AsideStore aside,
      Counters counters,
      TimeSource time,
      DiskWrites disk,
      LossListener loss,
      RecordExpiry expiry) {
    this.queueDir = queueDir;
    this.scheduler = scheduler;
    this.aside = aside;
    this.counters = counters;
    this.time = time;
    this.disk = disk;
    this.loss = loss;
    this.expiry = expiry;
  }

  /** A file left for later: the queue holds as many records as the heap allows. */
  synchronized void defer(Path file) {
    deferred.add(file);
  }

  synchronized int deferred() {
    return deferred.size();
  }

  /** Indexes deferred files while the queue holds fewer than {@code maxRecords}. */
  synchronized void indexDeferred(int maxRecords) throws IOException {
    while (!deferred.isEmpty() && scheduler.size() < maxRecords) {
      index(deferred.poll());
    }
  }

  void index(Path p) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if (!a.isRegularFile()) {
      aside.quarantine(p, "not a regular file (a symbolic link is never followed)");
      return;
    }
    DecodedFile file;
    try {
      file = DecodedFile.read(p, a.lastModifiedTime().toMillis());
    } catch (SpoolFormatException | IOException e) {
      aside.quarantine(p, FileErrors.reason(e));
      loss.lost(DropReason.QUARANTINED, a.lastModifiedTime().toMillis() / 1000, null);
      return;
    }
    String first = file.entries().get(0).recordId();
    String name = p.getFileName().toString();
    if (!name.equals(first) && !name.equals(first + SpoolFileFormat.BATCH_SUFFIX)) {
      aside.quarantine(p, "file name is not its first record's id " + first);
      return;
    }
    QueueFile queueFile = new QueueFile(p, file.entries().size(), time.nanos(), disk);
    Set<String> settledBefore;
    try {
      settledBefore = queueFile.settledBefore();
    } catch (IOException e) { // its records are sent again, under their ids
      aside.quarantine(queueFile.settledLog(), FileErrors.describe(e));
      settledBefore = Set.of();
    }
    List<QueuedRecord> loaded = new ArrayList<>();
    for (int i = 0; i < file.entries().size(); i++) {
      SpoolEntry entry = file.entries().get(i);
      if (settledBefore.contains(entry.recordId())) {
        continue;
      }
      if (scheduler.contains(entry.recordId())) {
        counters.duplicates.incrementAndGet();
        continue;
      }
      SpoolFileFormat.Slice slice = file.slices().get(i);
      long created = DecodedFile.created(entry);
      loaded.add(
          new QueuedRecord(
              entry.recordId(),
              queueFile,
              slice.offset(),
              slice.length(),
              DecodedFile.recordBytes(entry),
              entry.receivedAtMillis(),
              created,
              expiry.deadlineNanos(created),
              retryState(entry.recordId())));
    }
    queueFile.queued = loaded.size();
    loaded.forEach(scheduler::add);
    if (loaded.isEmpty()) {
      queueFile.delete();
    }
  }

  /** A record's retry note, if it has a readable one; an unreadable one is set aside. */
  private RetryState retryState(String recordId) {
    Path sidecar = queueDir.resolve(recordId + SpoolNames.RETRY_SUFFIX);
    if (!Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)) {
      return RetryState.NONE;
    }
    RetryState retry;
    try { // an unreadable note is set aside: the record keeps its place, its backoff restarts
      Optional<RetryState> parsed =
          RetryState.parse(RegularFiles.readBounded(sidecar, RetryState.MAX_BYTES));
      if (parsed.isEmpty()) {
        aside.quarantine(sidecar, "not a retry note");
        return RetryState.NONE;
      }
      retry = parsed.get();
    } catch (IOException e) {
      aside.quarantine(sidecar, FileErrors.describe(e));
      return RetryState.NONE;
    }
    // a note due later than any wait allows (the clock went back) is pulled back by the running
    // rule at the loop's first turn (Spool.millisToNextDue), with its warning
    return retry;
  }
}

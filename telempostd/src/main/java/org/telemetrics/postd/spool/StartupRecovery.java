package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.log.Log;
import org.telemetrics.postd.Counters;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;
import org.telemetrics.spool.disk.DropReason;
import org.telemetrics.spool.disk.SpoolNames;
import org.telemetrics.spool.disk.WorkingDirectory;

/**
 * Start-up: creates the working directories and indexes what {@code queue/} holds from an earlier
 * run. Nothing of ours that is damaged stops the start: a file that cannot be read is quarantined
 * (or, for a retry note, skipped) with a log line naming it, and the rest goes on.
 */
final class StartupRecovery {
  /** A temporary of ours older than this belongs to a killed run. */
  private static final long STALE_TEMPORARY_MILLIS = 60_000;

  private final Layout layout;
  private final DueScheduler scheduler;
  private final AsideStore aside;
  private final Counters counters;
  private final Log log;
  private final TimeSource time;
  private final DiskWrites disk;
  private final long retryMaxMillis;
  private final LossListener loss;

  StartupRecovery(
      Layout layout,
      DueScheduler scheduler,
      AsideStore aside,
      Counters counters,
      Log log,
      TimeSource time,
      DiskWrites disk,
      long retryMaxMillis,
      LossListener loss) {
    this.layout = layout;
    this.scheduler = scheduler;
    this.aside = aside;
    this.counters = counters;
    this.log = log;
    this.time = time;
    this.disk = disk;
    this.retryMaxMillis = retryMaxMillis;
    this.loss = loss;
  }

  void run() throws IOException {
    for (Path d : WorkingDirectory.all(layout.spoolDir())) {
      AtomicFiles.ensureDirectory(d);
    }
    removeStaleTemporaries();
    List<Path> sidecars = new ArrayList<>();
    List<Path> settledLogs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.queueDir())) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.endsWith(SpoolNames.RETRY_SUFFIX)) {
          sidecars.add(p);
        } else if (name.endsWith(SpoolNames.SETTLED_SUFFIX)) {
          settledLogs.add(p);
        } else {
          loadQueued(p);
        }
      }
    }
    for (Path p : settledLogs) { // the log of a file that is gone
      String name = p.getFileName().toString();
      Path of =
          p.resolveSibling(name.substring(0, name.length() - SpoolNames.SETTLED_SUFFIX.length()));
      if (!Files.exists(of, LinkOption.NOFOLLOW_LINKS)) {
        removeOrSetAside(p);
      }
    }
    for (Path p : sidecars) {
      String name = p.getFileName().toString();
      if (!scheduler.contains(
          name.substring(0, name.length() - SpoolNames.RETRY_SUFFIX.length()))) {
        removeOrSetAside(p);
      }
    }
    aside.open();
  }

  /** A note with nothing to note: deleted if it is a file of ours, else set aside. */
  private void removeOrSetAside(Path p) {
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      aside.quarantine(p, "not a regular file where a note was expected");
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.warning("cannot remove " + p + ": " + e.getMessage());
    }
  }

  /** Our unfinished note files from a killed run (telemprobd cleans up its own). */
  private void removeStaleTemporaries() throws IOException {
    long now = time.millis();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.tmpDir())) {
      for (Path p : ds) {
        if (SpoolNames.isStateTemporary(p.getFileName().toString())
            && now - AsideStore.mtime(p) > STALE_TEMPORARY_MILLIS) {
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(p);
          } else {
            aside.quarantine(p, "not a regular file");
          }
        }
      }
    }
  }

  private void loadQueued(Path p) throws IOException {
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
      aside.quarantine(p, e.getMessage());
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
      aside.quarantine(queueFile.settledLog(), e.getMessage());
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
      loaded.add(
          new QueuedRecord(
              entry.recordId(),
              queueFile,
              slice.offset(),
              slice.length(),
              DecodedFile.recordBytes(entry),
              entry.receivedAtMillis(),
              DecodedFile.created(entry),
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
    Path sidecar = layout.queueDir().resolve(recordId + SpoolNames.RETRY_SUFFIX);
    if (!Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)) {
      return RetryState.NONE;
    }
    RetryState retry;
    try { // an unreadable note is set aside: the record keeps its place, its backoff restarts
      Optional<RetryState> parsed =
          RetryState.parse(AtomicFiles.readBounded(sidecar, RetryState.MAX_BYTES));
      if (parsed.isEmpty()) {
        aside.quarantine(sidecar, "not a retry note");
        return RetryState.NONE;
      }
      retry = parsed.get();
    } catch (IOException e) {
      aside.quarantine(sidecar, e.getMessage());
      return RetryState.NONE;
    }
    long latest = time.millis() + Math.max(retryMaxMillis, 1000);
    if (retry.nextAttemptMillis() > latest) { // the clock went back: do not wait for ever
      retry = retry.at(latest, retry.outage());
    }
    return retry;
  }
}

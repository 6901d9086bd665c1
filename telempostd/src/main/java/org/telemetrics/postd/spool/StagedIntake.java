package org.telemetrics.postd.spool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.StorageFailures;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;
import org.telemetrics.spool.disk.DropReason;

/**
 * Takes one file from {@code staging/} or a C-format file from {@code spool_dir}: checks it,
 * applies delivery-disabled, expiry, duplicates and {@link Admission} to each of its records, and
 * moves it into the queue (rewritten without the records that did not stay, if any). A file that
 * cannot be moved for want of space stays where it is, still acknowledged, and intake pauses.
 */
final class StagedIntake {
  /** A C-format file younger than this that does not parse may still be being written. */
  static final long LEGACY_SETTLE_MILLIS = 10_000;

  /** Drops the oldest queued record to make room. */
  private final Admission.Evictor evictor;

  private final Layout layout;
  private final boolean serverDelivery;
  private final RecordExpiry expiry;
  private final DueScheduler scheduler;
  private final Admission admission;
  private final AsideStore aside;
  private final RecordJournal journal;
  private final DiskWrites disk;
  private final TimeSource time;

  StagedIntake(
      Layout layout,
      boolean serverDelivery,
      RecordExpiry expiry,
      DueScheduler scheduler,
      Admission admission,
      AsideStore aside,
      RecordJournal journal,
      DiskWrites disk,
      TimeSource time,
      Admission.Evictor evictor) {
    this.layout = layout;
    this.serverDelivery = serverDelivery;
    this.expiry = expiry;
    this.scheduler = scheduler;
    this.admission = admission;
    this.aside = aside;
    this.journal = journal;
    this.disk = disk;
    this.time = time;
    this.evictor = evictor;
  }

  Spool.Intake take(Path file, boolean legacy) throws IOException {
    if (admission.intakePaused()) {
      return Spool.Intake.PAUSED;
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Spool.Intake.GONE;
    }
    if (a.isDirectory()) {
      return Spool.Intake.GONE;
    }
    long mtime = a.lastModifiedTime().toMillis();
    if (!a.isRegularFile()) {
      return quarantine(file, "not a regular file (a symbolic link is never followed)", mtime);
    }
    DecodedFile in;
    try {
      in = DecodedFile.read(file, mtime);
    } catch (NoSuchFileException e) {
      return Spool.Intake.GONE;
    } catch (SpoolFormatException | IOException e) {
      if (legacy && time.millis() - mtime < LEGACY_SETTLE_MILLIS) {
        return Spool.Intake.NOT_READY;
      }
      return quarantine(file, e.getMessage(), mtime);
    }
    journal.taken(in.entries().size());
    if (!serverDelivery) {
      in.entries().forEach(journal::localOnly);
      Files.deleteIfExists(file);
      return Spool.Intake.HANDLED;
    }
    List<Integer> kept = new ArrayList<>();
    long keptBytes = 0;
    int duplicates = 0;
    for (int i = 0; i < in.entries().size(); i++) {
      SpoolEntry entry = in.entries().get(i);
      int bytes = in.nativeLength(i);
      DropReason full;
      if (expiry.expired(DecodedFile.created(entry))) {
        journal.dropped(entry, DropReason.EXPIRED);
      } else if (scheduler.contains(entry.recordId())
          || (kept.isEmpty() && alreadyQueued(entry.recordId()))) {
        journal.duplicate();
        duplicates++;
      } else if ((full = admission.admit(keptBytes + bytes, evictor)) != null) {
        journal.dropped(entry, full);
      } else {
        kept.add(i);
        keptBytes += bytes;
      }
    }
    if (kept.isEmpty()) {
      Files.deleteIfExists(file);
      return duplicates == in.entries().size() ? Spool.Intake.DUPLICATE : Spool.Intake.HANDLED;
    }
    try {
      queue(file, in, kept);
    } catch (IOException e) {
      if (!StorageFailures.isNoSpace(e)) {
        throw e;
      }
      admission.noSpace(file, e); // taken again when there is room
      return Spool.Intake.PAUSED;
    }
    return Spool.Intake.QUEUED;
  }

  private boolean alreadyQueued(String id) {
    return Files.exists(layout.queueDir().resolve(id), LinkOption.NOFOLLOW_LINKS)
        || Files.exists(
            layout.queueDir().resolve(id + SpoolFileFormat.BATCH_SUFFIX),
            LinkOption.NOFOLLOW_LINKS);
  }

  private Spool.Intake quarantine(Path file, String reason, long mtime) {
    aside.quarantine(file, reason);
    journal.quarantined(mtime / 1000);
    return Spool.Intake.QUARANTINED;
  }

  /** Moves (or, if not all stay, rewrites) the file into the queue and indexes the kept ones. */
  private void queue(Path file, DecodedFile in, List<Integer> kept) throws IOException {
    String first = in.entries().get(kept.get(0)).recordId();
    Path target =
        layout.queueDir().resolve(kept.size() > 1 ? first + SpoolFileFormat.BATCH_SUFFIX : first);
    int[] offsets = new int[kept.size()];
    int[] lengths = new int[kept.size()];
    if (in.isNative() && kept.size() == in.entries().size()) {
      // A rename: if it is lost in a power cut the file is still in staging and taken again.
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      for (int k = 0; k < kept.size(); k++) {
        offsets[k] = in.slices().get(k).offset();
        lengths[k] = in.slices().get(k).length();
      }
    } else {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int k = 0; k < kept.size(); k++) {
        byte[] entry = in.nativeEntry(kept.get(k));
        offsets[k] = out.size();
        lengths[k] = entry.length;
        out.write(entry);
      }
      disk.write(layout.tmpDir(), target, out.toByteArray());
      Files.deleteIfExists(file);
    }
    QueueFile queueFile = new QueueFile(target, kept.size(), time.nanos(), disk);
    for (int k = 0; k < kept.size(); k++) {
      SpoolEntry entry = in.entries().get(kept.get(k));
      long created = DecodedFile.created(entry);
      QueuedRecord r =
          new QueuedRecord(
              entry.recordId(),
              queueFile,
              offsets[k],
              lengths[k],
              DecodedFile.recordBytes(entry),
              entry.receivedAtMillis(),
              created,
              expiry.deadlineNanos(created),
              RetryState.NONE);
      scheduler.add(r);
      scheduler.cache(r, entry);
    }
  }
}

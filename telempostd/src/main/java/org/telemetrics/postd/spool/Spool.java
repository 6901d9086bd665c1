package org.telemetrics.postd.spool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.Log;
import org.telemetrics.postd.Counters;
import org.telemetrics.postd.PostdSettings;
import org.telemetrics.postd.journal.Journal;
import org.telemetrics.postd.time.LogThrottle;
import org.telemetrics.postd.time.TimeSource;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;
import org.telemetrics.spool.disk.AsideNote;
import org.telemetrics.spool.disk.DropReason;
import org.telemetrics.spool.disk.JournalOutcome;

/**
 * The records telempostd is responsible for: taken from staging into {@code queue/}, and settled
 * (delivered, retried, dead-lettered, dropped) on disk. Each step has its owner: start-up
 * ({@link StartupRecovery}), what may enter ({@link Admission}), what is due
 * ({@link DueScheduler}), what is set aside ({@link AsideStore}); the states and why every
 * transition survives a kill are in docs/architecture.md. A record leaves the queue only after a
 * 2xx or an explicit drop, and is journaled first. No failure to write here stops the daemon:
 * a full disk pauses intake and delivery goes on.
 */
public final class Spool {
  /**
   * Records decoded at intake are kept in memory up to this many bytes, so one sent soon after
   * it arrived (the usual case) is not read and decoded a second time.
   */
  static final int CACHE_BYTES = 256 * 1024;

  /** A C-format file younger than this that does not parse may still be being written. */
  static final long LEGACY_SETTLE_MILLIS = 10_000;

  /** How an intake ended. */
  public enum Intake { QUEUED, DUPLICATE, HANDLED, QUARANTINED, NOT_READY, PAUSED, GONE }

  private final PostdSettings settings;
  private final Layout layout;
  private final Journal journal;
  private final Counters counters;
  private final Log log;
  private final TimeSource time;
  private final DiskWrites disk;
  private final LogThrottle throttle;
  private final LossListener loss;
  private final DueScheduler scheduler = new DueScheduler();
  private final AsideStore aside;
  private final Admission admission;
  private final Set<QueueFile> unloggedFiles = new HashSet<>();
  private long cachedBytes;

  public Spool(PostdSettings settings, Journal journal, Counters counters, Log log,
      TimeSource time, DiskSpace space, DiskWrites disk, LogThrottle throttle,
      LossListener loss) {
    this.settings = settings;
    this.layout = settings.layout();
    this.journal = journal;
    this.counters = counters;
    this.log = log;
    this.time = time;
    this.disk = disk;
    this.throttle = throttle;
    this.loss = loss;
    this.aside = new AsideStore(layout, disk, counters, log, time, settings.deadLetterLimit());
    this.admission = new Admission(settings.spoolMaxBytes(), settings.dropOldestWhenFull(),
        settings.keepFreePercent(), space, layout.queueDir(), scheduler, time, throttle);
  }

  /** Creates the directories and indexes what {@code queue/} holds from an earlier run. */
  public void open() throws IOException {
    new StartupRecovery(layout, scheduler, aside, counters, log, time, disk,
        settings.retryMax().toMillis(), loss).run();
  }

  /**
   * Takes one file from {@code staging/} or a C-format file from {@code spool_dir}: checks it,
   * applies delivery-disabled, expiry and the quota to each of its records, and moves it into
   * the queue (rewritten without the records that did not stay, if any).
   */
  public Intake intake(Path file, boolean legacy) throws IOException {
    if (admission.intakePaused()) {
      return Intake.PAUSED;
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Intake.GONE;
    }
    if (a.isDirectory()) {
      return Intake.GONE;
    }
    long mtime = a.lastModifiedTime().toMillis();
    if (!a.isRegularFile()) {
      quarantineIntake(file, "not a regular file (a symbolic link is never followed)", mtime);
      return Intake.QUARANTINED;
    }
    DecodedFile in;
    try {
      in = DecodedFile.read(file, mtime);
    } catch (NoSuchFileException e) {
      return Intake.GONE;
    } catch (SpoolFormatException | IOException e) {
      if (legacy && time.millis() - mtime < LEGACY_SETTLE_MILLIS) {
        return Intake.NOT_READY;
      }
      quarantineIntake(file, e.getMessage(), mtime);
      return Intake.QUARANTINED;
    }
    counters.taken.addAndGet(in.entries().size());
    if (!settings.serverDelivery()) {
      for (SpoolEntry entry : in.entries()) {
        journal(entry, JournalOutcome.LOCAL_ONLY.label());
        counters.localOnly.incrementAndGet();
      }
      Files.deleteIfExists(file);
      return Intake.HANDLED;
    }
    synchronized (this) {
      List<Integer> kept = new ArrayList<>();
      long keptBytes = 0;
      int duplicates = 0;
      for (int i = 0; i < in.entries().size(); i++) {
        SpoolEntry entry = in.entries().get(i);
        int bytes = in.nativeLength(i);
        DropReason full;
        if (expired(DecodedFile.created(entry))) {
          journalDrop(entry, DropReason.EXPIRED);
        } else if (scheduler.contains(entry.recordId())
            || (kept.isEmpty() && alreadyQueued(entry.recordId()))) {
          counters.duplicates.incrementAndGet();
          duplicates++;
        } else if ((full = admission.admit(keptBytes + bytes, this::dropOldest)) != null) {
          journalDrop(entry, full);
        } else {
          kept.add(i);
          keptBytes += bytes;
        }
      }
      if (kept.isEmpty()) {
        Files.deleteIfExists(file);
        return duplicates == in.entries().size() ? Intake.DUPLICATE : Intake.HANDLED;
      }
      try {
        queue(file, in, kept);
      } catch (IOException e) { // the file stays where it is and is taken when there is room
        admission.noSpace(file, e);
        return Intake.PAUSED;
      }
    }
    return Intake.QUEUED;
  }

  private boolean alreadyQueued(String id) {
    return Files.exists(layout.queueDir().resolve(id), LinkOption.NOFOLLOW_LINKS)
        || Files.exists(layout.queueDir().resolve(id + SpoolFileFormat.BATCH_SUFFIX),
            LinkOption.NOFOLLOW_LINKS);
  }

  private void quarantineIntake(Path file, String reason, long mtime) {
    aside.quarantine(file, reason);
    loss.lost(DropReason.QUARANTINED, mtime / 1000, null);
  }

  /** Moves (or, if not all stay, rewrites) the file into the queue and indexes the kept ones. */
  private void queue(Path file, DecodedFile in, List<Integer> kept) throws IOException {
    String first = in.entries().get(kept.get(0)).recordId();
    Path target = layout.queueDir().resolve(kept.size() > 1
        ? first + SpoolFileFormat.BATCH_SUFFIX : first);
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
    QueueFile queueFile = new QueueFile(target, kept.size(), time.nanoTime(), disk);
    for (int k = 0; k < kept.size(); k++) {
      SpoolEntry entry = in.entries().get(kept.get(k));
      QueuedRecord r = new QueuedRecord(entry.recordId(), queueFile, offsets[k], lengths[k],
          DecodedFile.recordBytes(entry), entry.receivedAtMillis(), DecodedFile.created(entry),
          RetryState.NONE);
      synchronized (this) {
        if (cachedBytes + lengths[k] <= CACHE_BYTES) {
          r.cached = entry;
          cachedBytes += lengths[k];
        }
      }
      scheduler.add(r);
    }
  }

  private boolean dropOldest(DropReason reason) throws IOException {
    QueuedRecord oldest = scheduler.oldestNotInFlight();
    if (oldest == null) {
      return false;
    }
    SpoolEntry e = read(oldest);
    if (e != null) {
      drop(oldest, e, reason);
    }
    return true;
  }

  /** The record due first, if due at {@code nowMillis}; it is then in flight until settled. */
  public QueuedRecord takeDue(long nowMillis) {
    return scheduler.takeDue(nowMillis);
  }

  /** Milliseconds until the next record is due; -1 if none is waiting. */
  public long millisToNextDue(long nowMillis) {
    return scheduler.millisToNextDue(nowMillis);
  }

  /**
   * Reads a taken record for sending; null if its file went bad. A damaged file is quarantined
   * whole, and the records still queued from it are forgotten with it (and counted as lost).
   */
  public SpoolEntry read(QueuedRecord r) throws IOException {
    synchronized (this) {
      SpoolEntry e = r.cached;
      if (e != null) {
        uncache(r);
        return e;
      }
    }
    try {
      return SpoolFileFormat.decode(readEntry(r), r.receivedAtMillis);
    } catch (SpoolFormatException | IOException e) {
      List<QueuedRecord> lost = scheduler.recordsOf(r.file);
      if (!lost.contains(r)) {
        lost.add(r);
      }
      for (QueuedRecord other : lost) {
        forget(other);
        loss.lost(DropReason.QUARANTINED, other.createdEpochSeconds, null);
      }
      r.file.forgetLog();
      aside.quarantine(r.file.path, e.getMessage());
      Files.deleteIfExists(sidecar(r.id));
      return null;
    }
  }

  private static byte[] readEntry(QueuedRecord r) throws IOException {
    try (FileChannel ch = FileChannel.open(r.file.path, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.allocate(r.fileBytes);
      while (buf.hasRemaining()) {
        if (ch.read(buf, r.offset + buf.position()) < 0) {
          throw new IOException(r.file.path + " is shorter than its records (truncated)");
        }
      }
      return buf.array();
    }
  }

  /** 2xx: journal, then forget. A kill between the two re-sends it under the same id. */
  public void delivered(QueuedRecord r, SpoolEntry e) throws IOException {
    journal(e, JournalOutcome.DELIVERED.label());
    counters.delivered(r.id, time.millis());
    settled(r);
  }

  /**
   * A failed attempt, with the retry policy's next attempt: back in line at once, and persisted
   * if the disk allows (else only in memory: a restart then starts its backoff again). A record
   * that shares its file is moved out to one of its own first, so the others' file can go once
   * they are settled instead of waiting (and being sent again after a kill) for its retries.
   */
  public void failed(QueuedRecord r, RetryState next) {
    try {
      if (r.file.records > 1) {
        splitOut(r);
      }
      disk.write(layout.tmpDir(), sidecar(r.id), next.encode());
    } catch (IOException e) {
      throttle.log(Log.Level.WARNING, "retry-note", "cannot note the retry of record " + r.id
          + ": " + e.getMessage() + "; its backoff is kept in memory");
    } finally {
      counters.retried.incrementAndGet();
      scheduler.requeue(r, next);
    }
  }

  /** Not attempted (rate limit or paused server): back in line, due at {@code atMillis}. */
  public void postpone(QueuedRecord r, long atMillis) {
    scheduler.postpone(r, atMillis);
  }

  /** After an outage: records held back only by the outage are due again now. */
  public void endOutage(long nowMillis) {
    scheduler.endOutage(nowMillis);
  }

  private void splitOut(QueuedRecord r) throws IOException {
    Path own = layout.queueDir().resolve(r.id);
    disk.write(layout.tmpDir(), own, readEntry(r));
    QueueFile shared = r.file;
    if (scheduler.moveToOwnFile(r, new QueueFile(own, 1, time.nanoTime(), disk))) {
      shared.delete();
    } else {
      noteSettled(shared, r.id); // it is in its own file now
    }
  }

  private void noteSettled(QueueFile file, String id) throws IOException {
    boolean waits;
    try {
      waits = file.noteSettled(id, time.nanoTime());
    } catch (IOException e) {
      waits = true; // kept in memory; the loop tries again
      throttle.log(Log.Level.WARNING, "settled-log", e.getMessage());
    }
    if (waits) {
      synchronized (this) {
        unloggedFiles.add(file);
      }
    }
  }

  /**
   * Logs the settled records of files that are still queued after a moment (see
   * {@link QueueFile}), or of all files ({@code all}, at exit); called by the daemon's loop.
   * A log that cannot be written (a full disk) is tried again later, never fatal.
   */
  public void logSettled(boolean all) {
    List<QueueFile> due = new ArrayList<>();
    long now = time.nanoTime();
    synchronized (this) {
      for (Iterator<QueueFile> it = unloggedFiles.iterator(); it.hasNext(); ) {
        QueueFile f = it.next();
        if (all || f.logDue(now)) {
          due.add(f);
          it.remove();
        }
      }
    }
    for (QueueFile f : due) {
      try {
        f.logSettled();
      } catch (IOException e) {
        throttle.log(Log.Level.WARNING, "settled-log", e.getMessage()
            + " (its delivered records would be sent again after a restart)");
        synchronized (this) {
          unloggedFiles.add(f);
        }
      }
    }
  }

  /** Returns a taken record unchanged (shutdown). */
  public void untake(QueuedRecord r) {
    scheduler.requeue(r, r.retry);
  }

  /** A permanent refusal: kept in {@code dead-letter/} with the reason, never retried. */
  public void deadLetter(QueuedRecord r, SpoolEntry e, String status, String reason, int attempts)
      throws IOException {
    Path target = aside.deadLetter(r.id, SpoolFileFormat.encode(e), AsideNote.deadLetter(r.id,
        status, reason, time.clock().instant().toString(), attempts));
    journal(e, JournalOutcome.deadLetter(status));
    counters.deadLettered.incrementAndGet();
    counters.error("record " + r.id + " dead-lettered: " + reason, time.millis());
    log.warning("record " + r.id + " (" + e.record().classification() + ") refused by the server"
        + " (" + reason + "); moved to " + target);
    settled(r);
  }

  /** Drops a record that is waiting or in flight, journaled and counted. */
  public void drop(QueuedRecord r, SpoolEntry e, DropReason reason) throws IOException {
    journalDrop(e, reason);
    settled(r);
  }

  /** Forgets a settled record; its file goes with the last of its records. */
  private void settled(QueuedRecord r) throws IOException {
    QueueFile file = r.file;
    boolean queued = scheduler.contains(r.id);
    boolean mayHaveSidecar = r.retry != RetryState.NONE; // loaded with one, failed, postponed
    boolean last = forget(r);
    if (last) {
      file.delete();
    } else if (queued) {
      noteSettled(file, r.id);
    }
    if (mayHaveSidecar) {
      Files.deleteIfExists(sidecar(r.id));
    }
  }

  public boolean expired(long createdEpochSeconds) {
    return createdEpochSeconds + settings.recordExpirySeconds() < time.millis() / 1000;
  }

  public int size() {
    return scheduler.size();
  }

  public long usedBytes() {
    return scheduler.usedBytes();
  }

  public int deadLetterCount() {
    return aside.deadLetterCount();
  }

  /** Moves an unreadable file aside with its reason; it is never deleted silently. */
  public void quarantine(Path file, String reason) {
    aside.quarantine(file, reason);
  }

  /** For tests and logs: the ids waiting, in order of age. */
  public List<String> idsByAge() {
    return scheduler.idsByAge();
  }

  Optional<QueuedRecord> find(String id) {
    return Optional.ofNullable(scheduler.get(id));
  }

  private void journalDrop(SpoolEntry e, DropReason reason) {
    journal(e, JournalOutcome.dropped(reason));
    counters.dropped(reason).incrementAndGet();
    log.warning("record " + e.recordId() + " (" + e.record().classification() + ") dropped: "
        + reason.label());
    loss.lost(reason, DecodedFile.created(e), e);
  }

  /**
   * Journals an outcome. A journal that cannot be written (a full disk) does not hold the
   * record back: it is settled all the same, and the failure logged (once in a while).
   */
  private void journal(SpoolEntry e, String outcome) {
    try {
      journal.record(e.recordId(), e.record(), outcome, time.millis() / 1000);
    } catch (IOException | RuntimeException ex) {
      throttle.log(Log.Level.ERROR, "journal", "cannot journal record " + e.recordId() + " ("
          + outcome + ") in " + layout.journalFile() + ": " + ex.getMessage());
    }
  }

  private boolean forget(QueuedRecord r) {
    synchronized (this) {
      uncache(r);
    }
    return scheduler.forget(r);
  }

  private void uncache(QueuedRecord r) {
    if (r.cached != null) {
      r.cached = null;
      cachedBytes -= r.fileBytes;
    }
  }

  private Path sidecar(String id) {
    return layout.queueDir().resolve(id + RetryState.SUFFIX);
  }
}

package org.telemetrics.postd.spool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.Log;
import org.telemetrics.postd.Counters;
import org.telemetrics.postd.PostdSettings;
import org.telemetrics.postd.journal.Journal;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.AtomicFiles;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;

/**
 * The records telempostd is responsible for, on disk and indexed in memory.
 *
 * <p>States, each a directory of {@code spool_dir}; every transition is a rename or a write
 * followed by a delete, so a kill at any moment leaves each record in exactly one place or, in
 * the window between a write and a delete, in two (taken again idempotently, keyed by record id):
 * <ul>
 *   <li>{@code staging/} (written by telemprobd) and C-format files directly in {@code spool_dir}:
 *       not yet taken;
 *   <li>{@code queue/<id>} (one record) or {@code queue/<id>.batch} (records telemprobd committed
 *       together, named by the first), plus an optional {@code <record-id>.retry} per record with
 *       the attempt count and next attempt time: waiting for delivery. A batch goes when its last
 *       record is settled; a kill before that sends its settled records again, under their ids.
 *       A record that fails is moved out to a file of its own, so a batch lives only as long as
 *       its first attempts;
 *   <li>{@code dead-letter/<id>} plus {@code <id>.reason}: refused by the backend;
 *   <li>{@code quarantine/<name>} plus {@code <name>.reason}: not a readable record.
 * </ul>
 * A record leaves the queue only after a 2xx or an explicit drop, and is journaled first.
 */
public final class Spool {
  /**
   * Records decoded at intake are kept in memory up to this many bytes, so one sent soon after
   * it arrived (the usual case) is not read and decoded a second time.
   */
  static final int CACHE_BYTES = 256 * 1024;

  /** A C-format file younger than this that does not parse may still be being written. */
  static final long LEGACY_SETTLE_MILLIS = 10_000;

  private static final Comparator<QueuedRecord> BY_DUE = Comparator
      .<QueuedRecord>comparingLong(r -> r.retry.nextAttemptMillis())
      .thenComparingLong(r -> r.receivedAtMillis)
      .thenComparing(r -> r.id);
  private static final Comparator<QueuedRecord> BY_AGE = Comparator
      .<QueuedRecord>comparingLong(r -> r.receivedAtMillis)
      .thenComparing(r -> r.id);

  /** How an intake ended. */
  public enum Intake { QUEUED, DUPLICATE, HANDLED, QUARANTINED, NOT_READY, GONE }

  private final PostdSettings settings;
  private final Layout layout;
  private final Journal journal;
  private final Counters counters;
  private final Log log;
  private final Clock clock;
  private final DiskSpace disk;

  private final Map<String, QueuedRecord> byId = new HashMap<>();
  /** Files with settled records noted only in memory so far. */
  private final Set<QueueFile> unloggedFiles = new HashSet<>();
  private final TreeSet<QueuedRecord> waiting = new TreeSet<>(BY_DUE);
  private final TreeSet<QueuedRecord> byAge = new TreeSet<>(BY_AGE);
  private long usedBytes;
  private long cachedBytes;
  private int deadLetters;
  private int free;
  private long freeMeasuredAt;

  public Spool(PostdSettings settings, Journal journal, Counters counters, Log log, Clock clock,
      DiskSpace disk) {
    this.settings = settings;
    this.layout = settings.layout();
    this.journal = journal;
    this.counters = counters;
    this.log = log;
    this.clock = clock;
    this.disk = disk;
  }

  /** Creates the directories and indexes what {@code queue/} holds from an earlier run. */
  public void open() throws IOException {
    for (Path d : List.of(layout.spoolDir(), layout.tmpDir(), layout.stagingDir(),
        layout.queueDir(), layout.deadLetterDir(), layout.quarantineDir())) {
      AtomicFiles.ensureDirectory(d);
    }
    removeStaleTemporaries();
    List<Path> sidecars = new ArrayList<>();
    List<Path> settledLogs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.queueDir())) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.endsWith(RetryState.SUFFIX)) {
          sidecars.add(p);
        } else if (name.endsWith(QueueFile.SETTLED_SUFFIX)) {
          settledLogs.add(p);
        } else {
          loadQueued(p);
        }
      }
    }
    for (Path p : settledLogs) { // the log of a file that is gone
      String name = p.getFileName().toString();
      if (!Files.exists(p.resolveSibling(name.substring(0,
          name.length() - QueueFile.SETTLED_SUFFIX.length())), LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(p);
      }
    }
    for (Path p : sidecars) {
      String name = p.getFileName().toString();
      if (!byId.containsKey(name.substring(0, name.length() - RetryState.SUFFIX.length()))) {
        Files.deleteIfExists(p);
      }
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.deadLetterDir())) {
      for (Path p : ds) {
        if (!p.getFileName().toString().endsWith(".reason")) {
          deadLetters++;
        }
      }
    }
  }

  /** Our unfinished state files from a killed run (telemprobd cleans up its own). */
  private void removeStaleTemporaries() throws IOException {
    long now = clock.millis();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.tmpDir())) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (OUR_TMP.matcher(name).matches() && now - mtime(p) > 60_000) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static final java.util.regex.Pattern OUR_TMP =
      java.util.regex.Pattern.compile("\\..+\\.(retry|reason)\\.[0-9]+\\.tmp");

  private void loadQueued(Path p) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if (!a.isRegularFile()) {
      quarantine(p, "not a regular file");
      return;
    }
    Decoded file;
    try {
      file = Decoded.read(p, a.lastModifiedTime().toMillis());
    } catch (SpoolFormatException | IOException e) {
      quarantine(p, e.getMessage());
      return;
    }
    String first = file.entries.get(0).recordId();
    String name = p.getFileName().toString();
    if (!name.equals(first) && !name.equals(first + SpoolFileFormat.BATCH_SUFFIX)) {
      quarantine(p, "file name is not its first record's id " + first);
      return;
    }
    QueueFile queueFile = new QueueFile(p, file.entries.size());
    Set<String> settledBefore = queueFile.settledBefore();
    for (int i = 0; i < file.entries.size(); i++) {
      SpoolEntry entry = file.entries.get(i);
      if (settledBefore.contains(entry.recordId())) {
        queueFile.queued--;
        continue;
      }
      if (byId.containsKey(entry.recordId())) {
        counters.duplicates.incrementAndGet();
        queueFile.queued--;
        continue;
      }
      RetryState retry = RetryState.NONE;
      Path sidecar = sidecar(entry.recordId());
      if (Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
        retry = RetryState.decode(AtomicFiles.readBounded(sidecar, 4096));
        long latest = clock.millis() + Math.max(settings.retryMax().toMillis(), 1000);
        if (retry.nextAttemptMillis() > latest) { // the clock went back: do not wait for ever
          retry = new RetryState(retry.attempts(), latest, retry.outage(), retry.lastError());
        }
      }
      SpoolFileFormat.Slice slice = file.slices.get(i);
      add(new QueuedRecord(entry.recordId(), queueFile, slice.offset(), slice.length(),
          recordBytes(entry), entry.receivedAtMillis(), created(entry), retry));
    }
    if (queueFile.queued == 0) {
      queueFile.delete();
    }
  }

  /**
   * A file's entries and where each one is in it. A C-format file is one record, which the queue
   * keeps in our format: {@code cEntry} is that record encoded once, null for our own files.
   */
  private record Decoded(byte[] bytes, List<SpoolFileFormat.Slice> slices,
      List<SpoolEntry> entries, byte[] cEntry) {
    static Decoded read(Path file, long mtime) throws IOException, SpoolFormatException {
      byte[] bytes = AtomicFiles.readBounded(file, SpoolFileFormat.MAX_FILE_SIZE);
      List<SpoolFileFormat.Slice> slices = SpoolFileFormat.split(bytes);
      List<SpoolEntry> entries = new ArrayList<>(slices.size());
      for (SpoolFileFormat.Slice s : slices) {
        entries.add(SpoolFileFormat.decode(slices.size() == 1 ? bytes : s.of(bytes), mtime));
      }
      byte[] cEntry = entries.get(0).kind() == SpoolFileFormat.Kind.NATIVE
          ? null : SpoolFileFormat.encode(entries.get(0));
      return new Decoded(bytes, slices, entries, cEntry);
    }

    boolean isNative() {
      return cEntry == null;
    }

    /** Entry {@code i} as a native entry. */
    byte[] nativeEntry(int i) {
      return isNative() ? slices.get(i).of(bytes) : cEntry;
    }

    int nativeLength(int i) {
      return isNative() ? slices.get(i).length() : cEntry.length;
    }
  }

  /**
   * Takes one file from {@code staging/} or a C-format file from {@code spool_dir}: checks it,
   * applies delivery-disabled, expiry and the quota to each of its records, and moves it into
   * the queue (rewritten without the records that did not stay, if any).
   */
  public Intake intake(Path file, boolean legacy) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Intake.GONE;
    }
    if (a.isDirectory()) {
      return Intake.GONE;
    }
    if (!a.isRegularFile()) {
      quarantine(file, "not a regular file (a symbolic link is never followed)");
      return Intake.QUARANTINED;
    }
    long mtime = a.lastModifiedTime().toMillis();
    Decoded in;
    try {
      in = Decoded.read(file, mtime);
    } catch (NoSuchFileException e) {
      return Intake.GONE;
    } catch (SpoolFormatException | IOException e) {
      if (legacy && clock.millis() - mtime < LEGACY_SETTLE_MILLIS) {
        return Intake.NOT_READY;
      }
      quarantine(file, e.getMessage());
      return Intake.QUARANTINED;
    }
    counters.taken.addAndGet(in.entries.size());
    if (!settings.serverDelivery()) {
      for (SpoolEntry entry : in.entries) {
        journal(entry, "local-only");
        counters.localOnly.incrementAndGet();
      }
      Files.deleteIfExists(file);
      return Intake.HANDLED;
    }
    synchronized (this) {
      List<Integer> kept = new ArrayList<>();
      long keptBytes = 0;
      int duplicates = 0;
      for (int i = 0; i < in.entries.size(); i++) {
        SpoolEntry entry = in.entries.get(i);
        int bytes = in.nativeLength(i);
        if (expired(created(entry))) {
          journalDrop(entry, "expired");
        } else if (byId.containsKey(entry.recordId()) || (kept.isEmpty()
            && (Files.exists(layout.queueDir().resolve(entry.recordId()),
                LinkOption.NOFOLLOW_LINKS) || Files.exists(layout.queueDir().resolve(
                    entry.recordId() + SpoolFileFormat.BATCH_SUFFIX), LinkOption.NOFOLLOW_LINKS)))) {
          counters.duplicates.incrementAndGet();
          duplicates++;
        } else {
          String full = admit(keptBytes + bytes);
          if (full != null) {
            journalDrop(entry, full);
          } else {
            kept.add(i);
            keptBytes += bytes;
          }
        }
      }
      if (kept.isEmpty()) {
        Files.deleteIfExists(file);
        return duplicates == in.entries.size() ? Intake.DUPLICATE : Intake.HANDLED;
      }
      queue(file, in, kept);
    }
    return Intake.QUEUED;
  }

  /** Moves (or, if not all stay, rewrites) the file into the queue and indexes the kept ones. */
  private void queue(Path file, Decoded in, List<Integer> kept) throws IOException {
    String first = in.entries.get(kept.get(0)).recordId();
    Path target = layout.queueDir().resolve(kept.size() > 1 ? first + SpoolFileFormat.BATCH_SUFFIX : first);
    int[] offsets = new int[kept.size()];
    int[] lengths = new int[kept.size()];
    if (in.isNative() && kept.size() == in.entries.size()) {
      // A rename: if it is lost in a power cut the file is still in staging and taken again.
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      for (int k = 0; k < kept.size(); k++) {
        offsets[k] = in.slices.get(k).offset();
        lengths[k] = in.slices.get(k).length();
      }
    } else {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int k = 0; k < kept.size(); k++) {
        byte[] entry = in.nativeEntry(kept.get(k));
        offsets[k] = out.size();
        lengths[k] = entry.length;
        out.write(entry);
      }
      AtomicFiles.write(layout.tmpDir(), target, out.toByteArray());
      Files.deleteIfExists(file);
    }
    QueueFile queueFile = new QueueFile(target, kept.size());
    for (int k = 0; k < kept.size(); k++) {
      SpoolEntry entry = in.entries.get(kept.get(k));
      QueuedRecord r = new QueuedRecord(entry.recordId(), queueFile, offsets[k], lengths[k],
          recordBytes(entry), entry.receivedAtMillis(), created(entry), RetryState.NONE);
      if (cachedBytes + lengths[k] <= CACHE_BYTES) {
        r.cached = entry;
        cachedBytes += lengths[k];
      }
      add(r);
    }
  }

  /**
   * Makes room for {@code bytes} more: returns null when the record may be queued, else the drop
   * reason (the new record is then dropped). With drop-oldest, the oldest waiting records are
   * dropped instead while that makes room.
   */
  private String admit(long bytes) throws IOException {
    boolean lowDisk = settings.keepFreePercent() > 0
        && freePercent() < settings.keepFreePercent();
    long max = settings.spoolMaxBytes();
    boolean overQuota = max >= 0 && usedBytes + bytes > max;
    if (!lowDisk && !overQuota) {
      return null;
    }
    String reason = overQuota ? "spool-full" : "disk-full";
    if (!settings.dropOldestWhenFull() || (max >= 0 && bytes > max)) {
      return reason;
    }
    if (!overQuota) { // low on disk: make one record's worth of room per new record
      QueuedRecord oldest = oldestNotInFlight();
      if (oldest == null) {
        return reason;
      }
      dropQueued(oldest, reason);
      return null;
    }
    while (usedBytes + bytes > max) {
      QueuedRecord oldest = oldestNotInFlight();
      if (oldest == null) {
        return reason;
      }
      dropQueued(oldest, reason);
    }
    return null;
  }

  /** The spool filesystem's free space, measured at most once a second (it is not cheap). */
  private int freePercent() throws IOException {
    long now = System.nanoTime();
    if (freeMeasuredAt == 0 || now - freeMeasuredAt > 1_000_000_000L) {
      free = disk.freePercent(layout.queueDir());
      freeMeasuredAt = now;
    }
    return free;
  }

  private QueuedRecord oldestNotInFlight() {
    for (QueuedRecord r : byAge) {
      if (!r.inFlight) {
        return r;
      }
    }
    return null;
  }

  /** The record due first, if due at {@code nowMillis}; it is then in flight until settled. */
  public synchronized QueuedRecord takeDue(long nowMillis) {
    if (waiting.isEmpty()) {
      return null;
    }
    QueuedRecord first = waiting.first();
    if (first.retry.nextAttemptMillis() > nowMillis) {
      return null;
    }
    waiting.remove(first);
    first.inFlight = true;
    return first;
  }

  /** Milliseconds until the next record is due; -1 if none is waiting. */
  public synchronized long millisToNextDue(long nowMillis) {
    return waiting.isEmpty() ? -1
        : Math.max(0, waiting.first().retry.nextAttemptMillis() - nowMillis);
  }

  /**
   * Reads a taken record for sending; null if its file went bad. A damaged file is quarantined
   * whole, and the records still queued from it are forgotten with it.
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
      synchronized (this) {
        for (QueuedRecord other : new ArrayList<>(byId.values())) {
          if (other.file == r.file) {
            forget(other);
          }
        }
        forget(r);
      }
      r.file.forgetLog();
      quarantine(r.file.path, e.getMessage());
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
    journal(e, "delivered");
    counters.delivered(r.id, clock.millis());
    settled(r);
  }

  /**
   * A failed attempt: counted and persisted with the time of the next one. A record that shares
   * its file is moved out to one of its own first, so the others' file can go once they are
   * settled instead of waiting (and being sent again after a kill) for this one's retries.
   */
  public void failed(QueuedRecord r, long nextAttemptMillis, boolean outage, String reason)
      throws IOException {
    if (r.file.records > 1) {
      splitOut(r);
    }
    RetryState next = new RetryState(r.retry.attempts() + 1, nextAttemptMillis, outage, reason);
    AtomicFiles.write(layout.tmpDir(), sidecar(r.id), next.encode());
    counters.retried.incrementAndGet();
    synchronized (this) {
      r.retry = next;
      requeue(r);
    }
  }

  /** Not attempted (rate limit or paused server): back in line, due at {@code atMillis}. */
  public synchronized void postpone(QueuedRecord r, long atMillis) {
    r.retry = new RetryState(r.retry.attempts(), Math.max(atMillis, r.retry.nextAttemptMillis()),
        r.retry.outage(), r.retry.lastError());
    requeue(r);
  }

  private void splitOut(QueuedRecord r) throws IOException {
    Path own = layout.queueDir().resolve(r.id);
    AtomicFiles.write(layout.tmpDir(), own, readEntry(r));
    QueueFile shared;
    boolean last;
    synchronized (this) {
      shared = r.file;
      r.file = new QueueFile(own, 1);
      r.offset = 0;
      last = --shared.queued == 0;
    }
    if (last) {
      shared.delete();
    } else {
      noteSettled(shared, r.id); // it is in its own file now
    }
  }

  private void noteSettled(QueueFile file, String id) throws IOException {
    if (file.noteSettled(id)) {
      synchronized (this) {
        unloggedFiles.add(file);
      }
    }
  }

  /**
   * Logs the settled records of files that are still queued after a moment (see
   * {@link QueueFile}), or of all files ({@code all}, at exit); called by the daemon's loop.
   */
  public void logSettled(boolean all) throws IOException {
    List<QueueFile> due = new ArrayList<>();
    long now = System.nanoTime();
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
      f.logSettled();
    }
  }

  /** Returns a taken record unchanged (shutdown). */
  public synchronized void untake(QueuedRecord r) {
    requeue(r);
  }

  /** After an outage: records held back only by the outage are due again now. */
  public synchronized void endOutage(long nowMillis) {
    List<QueuedRecord> held = new ArrayList<>();
    for (QueuedRecord r : waiting) {
      if (r.retry.outage() && r.retry.nextAttemptMillis() > nowMillis) {
        held.add(r);
      }
    }
    for (QueuedRecord r : held) {
      waiting.remove(r);
      r.retry = new RetryState(r.retry.attempts(), nowMillis, false, r.retry.lastError());
      waiting.add(r);
    }
  }

  /** A permanent refusal: kept in {@code dead-letter/} with the reason, never retried. */
  public void deadLetter(QueuedRecord r, SpoolEntry e, String status, String reason)
      throws IOException {
    Path target = layout.deadLetterDir().resolve(r.id);
    String info = "record_id: " + r.id + "\nstatus: " + status + "\nreason: "
        + reason.replace('\n', ' ') + "\ntime: " + clock.instant() + "\nattempts: "
        + (r.retry.attempts() + 1) + "\n";
    AtomicFiles.write(layout.tmpDir(), layout.deadLetterDir().resolve(r.id + ".reason"),
        info.getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(layout.tmpDir(), target, SpoolFileFormat.encode(e));
    journal(e, "dead-letter:" + status);
    counters.deadLettered.incrementAndGet();
    counters.error("record " + r.id + " dead-lettered: " + reason, clock.millis());
    log.warning("record " + r.id + " (" + e.record().classification() + ") refused by the server"
        + " (" + reason + "); moved to " + target);
    synchronized (this) {
      deadLetters++;
    }
    settled(r);
    pruneDeadLetters();
  }

  /** Drops a record that is waiting or in flight, journaled and counted. */
  public void drop(QueuedRecord r, SpoolEntry e, String reason) throws IOException {
    journalDrop(e, reason);
    settled(r);
  }

  /** Forgets a settled record; its file goes with the last of its records. */
  private void settled(QueuedRecord r) throws IOException {
    QueueFile file;
    boolean queued;
    boolean last;
    boolean mayHaveSidecar;
    synchronized (this) {
      file = r.file;
      queued = byId.containsKey(r.id);
      last = forget(r);
      mayHaveSidecar = r.retry != RetryState.NONE; // loaded with one, failed, or postponed
    }
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
    long now = clock.millis() / 1000;
    return createdEpochSeconds + settings.recordExpirySeconds() < now;
  }

  public synchronized int size() {
    return byId.size();
  }

  public synchronized long usedBytes() {
    return usedBytes;
  }

  public synchronized int deadLetterCount() {
    return deadLetters;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private void dropQueued(QueuedRecord r, String reason) throws IOException {
    SpoolEntry e = read(r);
    if (e != null) {
      drop(r, e, reason);
    }
  }

  private void journalDrop(SpoolEntry e, String reason) throws IOException {
    journal(e, "dropped:" + reason);
    counters.dropped(reason).incrementAndGet();
    log.warning("record " + e.recordId() + " (" + e.record().classification() + ") dropped: "
        + reason);
  }

  private void journal(SpoolEntry e, String outcome) throws IOException {
    TelemetryRecord rec = e.record();
    journal.record(e.recordId(), rec, outcome, clock.millis() / 1000);
  }

  /** Moves an unreadable file aside with its reason; it is never deleted silently. */
  public void quarantine(Path file, String reason) throws IOException {
    String name = file.getFileName().toString();
    Path target = layout.quarantineDir().resolve(name);
    for (int i = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        || Files.exists(layout.quarantineDir().resolve(target.getFileName() + ".reason"),
            LinkOption.NOFOLLOW_LINKS); i++) {
      target = layout.quarantineDir().resolve(name + "." + i);
    }
    try {
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return;
    } catch (FileAlreadyExistsException e) {
      log.error("cannot quarantine " + file + ": " + target + " exists");
      return;
    }
    AtomicFiles.write(layout.tmpDir(),
        layout.quarantineDir().resolve(target.getFileName() + ".reason"),
        ("source: " + file + "\nreason: " + reason.replace('\n', ' ') + "\ntime: "
            + clock.instant() + "\n").getBytes(StandardCharsets.UTF_8));
    counters.quarantined.incrementAndGet();
    log.warning(file + " is not a usable record (" + reason + "); moved to " + target);
  }

  private void pruneDeadLetters() throws IOException {
    if (deadLetterCount() <= settings.deadLetterLimit()) {
      return;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.deadLetterDir())) {
      for (Path p : ds) {
        if (!p.getFileName().toString().endsWith(".reason")) {
          files.add(p);
        }
      }
    }
    files.sort(Comparator.comparingLong(Spool::mtime));
    int excess = files.size() - settings.deadLetterLimit();
    for (int i = 0; i < excess; i++) {
      Files.deleteIfExists(files.get(i));
      Files.deleteIfExists(files.get(i).resolveSibling(files.get(i).getFileName() + ".reason"));
      log.info("removed old dead letter " + files.get(i).getFileName()
          + " (dead_letter_limit " + settings.deadLetterLimit() + ")");
    }
    synchronized (this) {
      deadLetters = files.size() - Math.max(0, excess);
    }
  }

  private static long mtime(Path p) {
    try {
      return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private void add(QueuedRecord r) {
    byId.put(r.id, r);
    waiting.add(r);
    byAge.add(r);
    usedBytes += r.fileBytes;
  }

  private void requeue(QueuedRecord r) {
    r.inFlight = false;
    if (byId.containsKey(r.id)) {
      waiting.add(r);
    }
  }

  /** Takes the record out of the index; true if it was its file's last queued record. */
  private void uncache(QueuedRecord r) {
    if (r.cached != null) {
      r.cached = null;
      cachedBytes -= r.fileBytes;
    }
  }

  private boolean forget(QueuedRecord r) {
    r.inFlight = false;
    uncache(r);
    if (byId.remove(r.id) == null) {
      return false;
    }
    waiting.remove(r);
    byAge.remove(r);
    usedBytes -= r.fileBytes;
    return --r.file.queued == 0;
  }

  private Path sidecar(String id) {
    return layout.queueDir().resolve(id + RetryState.SUFFIX);
  }

  private static long recordBytes(SpoolEntry e) {
    return (e.record().headerText() + e.record().payload())
        .getBytes(StandardCharsets.UTF_8).length;
  }

  private static long created(SpoolEntry e) {
    try {
      return Long.parseLong(e.record().creationTimestamp());
    } catch (NumberFormatException ex) {
      return e.receivedAtMillis() / 1000;
    }
  }

  /** Free space of the spool's filesystem, as a percentage; replaceable in tests. */
  public interface DiskSpace {
    int freePercent(Path dir) throws IOException;

    static DiskSpace system() {
      return dir -> {
        var store = Files.getFileStore(dir);
        long total = store.getTotalSpace();
        return total <= 0 ? 100 : (int) (store.getUsableSpace() * 100 / total);
      };
    }
  }

  /** For tests and logs: the ids waiting, in order of age. */
  public synchronized List<String> idsByAge() {
    return byAge.stream().map(r -> r.id).toList();
  }

  Optional<QueuedRecord> find(String id) {
    synchronized (this) {
      return Optional.ofNullable(byId.get(id));
    }
  }
}

package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *   <li>{@code queue/<id>} plus an optional {@code <id>.retry} with the attempt count and next
 *       attempt time: waiting for delivery;
 *   <li>{@code dead-letter/<id>} plus {@code <id>.reason}: refused by the backend;
 *   <li>{@code quarantine/<name>} plus {@code <name>.reason}: not a readable record.
 * </ul>
 * A record leaves the queue only after a 2xx or an explicit drop, and is journaled first.
 */
public final class Spool {
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
  private final TreeSet<QueuedRecord> waiting = new TreeSet<>(BY_DUE);
  private final TreeSet<QueuedRecord> byAge = new TreeSet<>(BY_AGE);
  private long usedBytes;
  private int deadLetters;

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
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.queueDir())) {
      for (Path p : ds) {
        if (p.getFileName().toString().endsWith(RetryState.SUFFIX)) {
          sidecars.add(p);
        } else {
          loadQueued(p);
        }
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
    SpoolEntry entry;
    byte[] bytes;
    try {
      bytes = AtomicFiles.readBounded(p, SpoolFileFormat.MAX_FILE_SIZE);
      entry = SpoolFileFormat.decode(bytes, a.lastModifiedTime().toMillis());
    } catch (SpoolFormatException | IOException e) {
      quarantine(p, e.getMessage());
      return;
    }
    if (!p.getFileName().toString().equals(entry.recordId())) {
      quarantine(p, "file name is not its record id " + entry.recordId());
      return;
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
    add(new QueuedRecord(entry.recordId(), p, bytes.length, recordBytes(entry),
        entry.receivedAtMillis(), created(entry), retry));
  }

  /**
   * Takes one file from {@code staging/} or a C-format file from {@code spool_dir}: checks it,
   * applies delivery-disabled, expiry and the quota, and moves it into the queue.
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
    byte[] bytes;
    SpoolEntry entry;
    try {
      bytes = AtomicFiles.readBounded(file, SpoolFileFormat.MAX_FILE_SIZE);
      entry = SpoolFileFormat.decode(bytes, mtime);
    } catch (NoSuchFileException e) {
      return Intake.GONE;
    } catch (SpoolFormatException | IOException e) {
      if (legacy && clock.millis() - mtime < LEGACY_SETTLE_MILLIS) {
        return Intake.NOT_READY;
      }
      quarantine(file, e.getMessage());
      return Intake.QUARANTINED;
    }
    counters.taken.incrementAndGet();
    if (!settings.serverDelivery()) {
      journal(entry, "local-only");
      counters.localOnly.incrementAndGet();
      Files.deleteIfExists(file);
      return Intake.HANDLED;
    }
    if (expired(created(entry))) {
      dropFile(file, entry, "expired");
      return Intake.HANDLED;
    }
    Path target = layout.queueDir().resolve(entry.recordId());
    byte[] native_ = entry.kind() == SpoolFileFormat.Kind.NATIVE
        ? bytes : SpoolFileFormat.encode(entry);
    synchronized (this) {
      if (byId.containsKey(entry.recordId()) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        counters.duplicates.incrementAndGet();
        Files.deleteIfExists(file);
        return Intake.DUPLICATE;
      }
      String full = admit(native_.length);
      if (full != null) {
        dropFile(file, entry, full);
        return Intake.HANDLED;
      }
      if (entry.kind() == SpoolFileFormat.Kind.NATIVE) {
        // A rename: if it is lost in a power cut the file is still in staging and taken again.
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        AtomicFiles.write(layout.tmpDir(), target, native_);
        Files.deleteIfExists(file);
      }
      add(new QueuedRecord(entry.recordId(), target, native_.length, recordBytes(entry),
          entry.receivedAtMillis(), created(entry), RetryState.NONE));
    }
    return Intake.QUEUED;
  }

  /**
   * Makes room for {@code bytes} more: returns null when the record may be queued, else the drop
   * reason (the new record is then dropped). With drop-oldest, the oldest waiting records are
   * dropped instead while that makes room.
   */
  private String admit(long bytes) throws IOException {
    boolean lowDisk = settings.keepFreePercent() > 0
        && disk.freePercent(layout.queueDir()) < settings.keepFreePercent();
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

  /** Reads a taken record for sending; null if the file went bad (it is quarantined then). */
  public SpoolEntry read(QueuedRecord r) throws IOException {
    try {
      byte[] bytes = AtomicFiles.readBounded(r.file, SpoolFileFormat.MAX_FILE_SIZE);
      return SpoolFileFormat.decode(bytes, r.receivedAtMillis);
    } catch (SpoolFormatException | IOException e) {
      synchronized (this) {
        remove(r);
      }
      quarantine(r.file, e.getMessage());
      Files.deleteIfExists(sidecar(r.id));
      return null;
    }
  }

  /** 2xx: journal, then forget. A kill between the two re-sends it under the same id. */
  public void delivered(QueuedRecord r, SpoolEntry e) throws IOException {
    journal(e, "delivered");
    counters.delivered(r.id, clock.millis());
    synchronized (this) {
      remove(r);
    }
    Files.deleteIfExists(r.file);
    Files.deleteIfExists(sidecar(r.id));
  }

  /** A failed attempt: counted and persisted with the time of the next one. */
  public void failed(QueuedRecord r, long nextAttemptMillis, boolean outage, String reason)
      throws IOException {
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
    Files.move(r.file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    journal(e, "dead-letter:" + status);
    counters.deadLettered.incrementAndGet();
    counters.error("record " + r.id + " dead-lettered: " + reason, clock.millis());
    log.warning("record " + r.id + " (" + e.record().classification() + ") refused by the server"
        + " (" + reason + "); moved to " + target);
    synchronized (this) {
      remove(r);
      deadLetters++;
    }
    Files.deleteIfExists(sidecar(r.id));
    pruneDeadLetters();
  }

  /** Drops a record that is waiting or in flight, journaled and counted. */
  public void drop(QueuedRecord r, SpoolEntry e, String reason) throws IOException {
    journal(e, "dropped:" + reason);
    counters.dropped(reason).incrementAndGet();
    log.warning("record " + r.id + " (" + e.record().classification() + ") dropped: " + reason);
    synchronized (this) {
      remove(r);
    }
    Files.deleteIfExists(r.file);
    Files.deleteIfExists(sidecar(r.id));
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

  private void dropFile(Path file, SpoolEntry e, String reason) throws IOException {
    journal(e, "dropped:" + reason);
    counters.dropped(reason).incrementAndGet();
    log.warning("record " + e.recordId() + " (" + e.record().classification() + ") dropped: "
        + reason);
    Files.deleteIfExists(file);
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

  private void remove(QueuedRecord r) {
    if (byId.remove(r.id) != null) {
      waiting.remove(r);
      byAge.remove(r);
      usedBytes -= r.fileBytes;
    }
    r.inFlight = false;
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

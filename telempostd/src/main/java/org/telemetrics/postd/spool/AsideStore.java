package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.AsideNote;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.postd.Counters;
import org.telemetrics.spool.disk.SpoolNames;

/**
 * Files set aside, each with an {@link AsideNote} saying why: records the backend refused for good
 * ({@code dead-letter/}, at most {@code dead_letter_limit}, oldest removed first) and files that
 * are not usable records ({@code quarantine/}, never deleted).
 */
final class AsideStore {
  private final Layout layout;
  private final DiskWrites disk;
  private final Counters counters;
  private final Log log;
  private final TimeSource time;
  private final int deadLetterLimit;
  private int deadLetters;

  AsideStore(
      Layout layout,
      DiskWrites disk,
      Counters counters,
      Log log,
      TimeSource time,
      int deadLetterLimit) {
    this.layout = layout;
    this.disk = disk;
    this.counters = counters;
    this.log = log;
    this.time = time;
    this.deadLetterLimit = deadLetterLimit;
  }

  /** Counts the dead letters an earlier run left. */
  void open() throws IOException {
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.deadLetterDir())) {
      for (Path p : ds) {
        n += SpoolNames.isNote(p.getFileName().toString()) ? 0 : 1;
      }
    }
    synchronized (this) {
      deadLetters = n;
    }
  }

  /** Keeps a refused record (its encoded entry) with the note; the note is written first. */
  Path deadLetter(String recordId, byte[] entry, AsideNote note) throws IOException {
    Path target = layout.deadLetterDir().resolve(recordId);
    disk.write(
        layout.tmpDir(),
        layout.deadLetterDir().resolve(SpoolNames.reasonFor(recordId)),
        note.format());
    disk.write(layout.tmpDir(), target, entry);
    synchronized (this) {
      deadLetters++;
    }
    pruneDeadLetters();
    return target;
  }

  /**
   * Moves an unusable file aside with its reason: never deleted silently. If the note cannot be
   * written (a full disk) the file is still moved and the reason logged.
   */
  void quarantine(Path file, String reason) {
    Path dir = layout.quarantineDir();
    Path target = DamagedFiles.freeName(dir.resolve(DamagedFiles.textName(file)));
    try {
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return;
    } catch (FileAlreadyExistsException e) {
      log.error("cannot quarantine " + file + ": " + target + " exists");
      return;
    } catch (IOException e) {
      log.error(
          "cannot quarantine "
              + file
              + " ("
              + reason
              + "): "
              + FileErrors.describe(e)
              + "; it is skipped");
      return;
    }
    try {
      disk.write(
          layout.tmpDir(),
          DamagedFiles.note(target),
          AsideNote.quarantined(file.toString(), reason, time.wall().instant().toString())
              .format());
    } catch (IOException e) {
      log.error("cannot write the note for " + FileErrors.about(target, e));
    }
    // counted once file and note are in place, so a reader that sees the count sees both
    counters.quarantined.incrementAndGet();
    log.warning(file + " is not usable (" + reason + "); moved to " + target);
  }

  synchronized int deadLetterCount() {
    return deadLetters;
  }

  private void pruneDeadLetters() throws IOException {
    if (deadLetterCount() <= deadLetterLimit) {
      return;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.deadLetterDir())) {
      for (Path p : ds) {
        if (!SpoolNames.isNote(p.getFileName().toString())) {
          files.add(p);
        }
      }
    }
    files.sort(Comparator.comparingLong(AsideStore::mtime));
    int excess = files.size() - deadLetterLimit;
    for (int i = 0; i < excess; i++) {
      Path p = files.get(i);
      Files.deleteIfExists(p);
      Files.deleteIfExists(DamagedFiles.note(p));
      log.info(
          "removed old dead letter "
              + p.getFileName()
              + " (dead_letter_limit "
              + deadLetterLimit
              + ")");
    }
    synchronized (this) {
      deadLetters = files.size() - Math.max(0, excess);
    }
  }

  static long mtime(Path p) {
    try {
      return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}

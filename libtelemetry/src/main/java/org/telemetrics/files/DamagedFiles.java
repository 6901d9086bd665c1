package org.telemetrics.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A file of our own that cannot be used is moved aside, never deleted: the operator can read what
 * it held and why it was set aside, and the program starts afresh under the old name.
 */
public final class DamagedFiles {
  /** What {@link #moveAside} puts between a file's name and the time it was moved. */
  public static final String DAMAGED_INFIX = ".damaged-";

  /** The note beside a file moved aside: {@code source:}, {@code reason:} and {@code time:}. */
  public static final String REASON_SUFFIX = AsideNote.SUFFIX;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private DamagedFiles() {}

  /**
   * Moves a damaged file, or whatever is in its place (a link, a FIFO, a directory), aside within
   * its directory as {@code <name>.damaged-<UTC time>} and writes {@code <that name>.reason} saying
   * where it came from and why. The caller starts afresh under the old name. At most {@link
   * AsideCopies#KEPT} copies of one file are kept: older ones are removed with their notes, and the
   * new note names them. Returns the new name.
   */
  public static Path moveAside(Path file, String reason, Instant now) throws IOException {
    return moveAside(file, textName(file), reason, now);
  }

  /**
   * {@link #moveAside(Path, String, Instant)} under another name: the copies are {@code
   * <asideName>.damaged-<UTC time>}, and the copies of {@code asideName} are the ones kept.
   */
  public static Path moveAside(Path file, String asideName, String reason, Instant now)
      throws IOException {
    Path target = freeName(file.resolveSibling(asideName + DAMAGED_INFIX + STAMP.format(now)));
    try {
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE); // rename(2): never follows a link
    } catch (IOException e) {
      throw new IOException(
          "could not move " + file + " aside to " + FileErrors.about(target, e), e);
    }
    String why = reason;
    try {
      List<String> removed = AsideCopies.prune(target.getParent(), asideName, target);
      if (!removed.isEmpty()) {
        why +=
            "; removed the oldest copies, keeping "
                + AsideCopies.KEPT
                + ": "
                + String.join(", ", removed);
      }
    } catch (IOException e) {
      why += "; could not remove older copies: " + FileErrors.describe(e);
    }
    byte[] text = AsideNote.quarantined(file.toString(), why, now.toString()).format();
    try {
      AtomicFiles.write(file.getParent(), note(target), text, AtomicFiles.GROUP_READABLE);
    } catch (IOException e) {
      // the move is what matters; the caller logs the reason
      AtomicFiles.syncDirectory(file.getParent());
    }
    return target;
  }

  /** True for the names {@link #moveAside} gives {@code original} (and their notes). */
  public static boolean isMovedAside(String name, String original) {
    return name.startsWith(original + DAMAGED_INFIX);
  }

  /**
   * The first of {@code wanted}, {@code wanted.1}, {@code wanted.2} ... that neither exists nor has
   * a note beside it: where a file set aside (in its own directory, or in a quarantine directory)
   * goes without taking the place, or the note, of one set aside before.
   */
  public static Path freeName(Path wanted) {
    Path target = wanted;
    for (int i = 1;
        Files.exists(target, LinkOption.NOFOLLOW_LINKS)
            || Files.exists(note(target), LinkOption.NOFOLLOW_LINKS);
        i++) {
      target = wanted.resolveSibling(wanted.getFileName() + "." + i);
    }
    return target;
  }

  /**
   * {@code file}'s name as text that names a file whatever the platform's character set: a file set
   * aside under it pairs with its note, named from the same text. A byte of the name the character
   * set cannot read (one that is not UTF-8, in a UTF-8 locale) reads as U+FFFD, which becomes '?':
   * the raw name would keep the byte while its note's had U+FFFD, and where the character set is
   * ASCII U+FFFD names no file at all.
   */
  public static String textName(Path file) {
    return file.getFileName().toString().replace('\uFFFD', '?');
  }

  /** The note {@link #moveAside} writes beside a copy. */
  public static Path note(Path aside) {
    return aside.resolveSibling(aside.getFileName() + REASON_SUFFIX);
  }
}

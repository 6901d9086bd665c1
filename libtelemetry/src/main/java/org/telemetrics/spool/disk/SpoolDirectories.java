package org.telemetrics.spool.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;

/**
 * Makes the working directories of {@code spool_dir} ({@link WorkingDirectory}) real directories as
 * a daemon starts. Something else in the place of one (a symbolic link, a file, a FIFO: a restore
 * gone wrong, an administrator's link to another disk, a hostile local user) is never followed, and
 * no reason to stop: it is moved aside as a hidden {@code .<name>.damaged-<UTC time>} with its note
 * ({@link DamagedFiles#moveAside}), hidden so that the scan for the C client's records in {@code
 * spool_dir} passes it by, and the directory is made afresh.
 *
 * <p>Both daemons may find the same damage at once. The one that moved a real directory aside (the
 * other had made it after the first look) moves it back, with whatever the other put in it.
 */
public final class SpoolDirectories {
  private SpoolDirectories() {}

  /**
   * {@link #prepare} for every working directory of {@code spoolDir}, which must exist; returns a
   * warning for each thing moved aside.
   */
  public static List<String> prepareAll(Path spoolDir, Instant now) throws IOException {
    List<String> warnings = new ArrayList<>();
    for (Path dir : WorkingDirectory.all(spoolDir)) {
      prepare(dir, now).ifPresent(warnings::add);
    }
    return warnings;
  }

  /**
   * Makes {@code dir} a directory if it is none; returns the warning to log when something else was
   * in its place. Fails when the directory cannot be made or the thing cannot be moved.
   */
  public static Optional<String> prepare(Path dir, Instant now) throws IOException {
    BasicFileAttributes found = attributes(dir);
    if (found == null) {
      try {
        Directories.ensure(dir);
      } catch (IOException e) {
        if (attributes(dir) == null) {
          throw e;
        } // else something took the place at the same moment: looked at below
      }
      found = attributes(dir);
    }
    if (found == null || found.isDirectory()) {
      return Optional.empty(); // a directory (a link is not one here), or gone again
    }
    return replace(dir, found, now);
  }

  /** Moves aside what was {@code found} in the place of {@code dir}, and makes the directory. */
  static Optional<String> replace(Path dir, BasicFileAttributes found, Instant now)
      throws IOException {
    String what = RegularFiles.describe(found);
    if (found.isSymbolicLink()) {
      what += " to " + linkTarget(dir);
    }
    String reason = dir + " was " + what + ", not a directory";
    Path aside = DamagedFiles.moveAside(dir, "." + dir.getFileName(), reason, now);
    if (Files.isDirectory(aside, LinkOption.NOFOLLOW_LINKS)) {
      return movedBack(dir, aside);
    }
    Directories.ensure(dir);
    String warning = reason + "; moved it aside as " + aside.getFileName() + " and made it afresh";
    if (found.isSymbolicLink()) {
      warning += " (files in the link's target are not taken: move them into " + dir + ")";
    }
    return Optional.of(warning);
  }

  /** The other daemon made the directory between the first look and the move: it goes back. */
  private static Optional<String> movedBack(Path dir, Path aside) {
    try {
      Files.move(aside, dir, StandardCopyOption.ATOMIC_MOVE);
      Files.deleteIfExists(DamagedFiles.note(aside));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(
          "moved "
              + dir
              + ", made a moment before by another process, aside as "
              + aside
              + " and could not move it back ("
              + FileErrors.describe(e)
              + "): move its files into "
              + dir);
    }
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static String linkTarget(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      return "(unreadable)";
    }
  }
}

package org.telemetrics.postd.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Optional;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.log.Log;

/**
 * The retained payload copies ({@code record_retention_dir}), one file per record id, mode 0640.
 * What is in the way is moved aside with {@link DamagedFiles#moveAside} and a warning, never
 * followed or deleted: the directory itself when it is not one (a symbolic link, a file, a FIFO),
 * or a directory where a copy should be. A copy that cannot be written is a warning, not a failure:
 * the record was handled, and its journal line says so.
 */
final class RetentionCopies {
  private final Path dir;
  private final Log log;
  private final Clock clock;

  RetentionCopies(Path dir, Log log, Clock clock) throws IOException {
    this.dir = dir;
    this.log = log;
    this.clock = clock;
    Optional<BasicFileAttributes> a = kind(dir);
    if (a.isPresent() && !a.get().isDirectory()) {
      moveAside("retention directory", dir, "it is " + RegularFiles.describe(a.get()));
    }
    Directories.ensure(dir);
  }

  /** Keeps {@code payload} as the copy of record {@code id}. */
  void keep(String id, byte[] payload) {
    Path file = dir.resolve(id);
    try {
      try {
        AtomicFiles.write(dir, file, payload, AtomicFiles.GROUP_READABLE);
      } catch (IOException e) {
        if (!clearedTheWay(file)) {
          throw e;
        }
        AtomicFiles.write(dir, file, payload, AtomicFiles.GROUP_READABLE);
      }
    } catch (IOException e) {
      log.warning("cannot keep the retained copy " + FileErrors.about(file, e));
    }
  }

  /** Removes the copy of record {@code id}, if there is one. */
  void remove(String id) {
    Path file = dir.resolve(id);
    try {
      if (!clearedTheWay(file)) {
        Files.deleteIfExists(file); // a link is removed, never followed
      }
    } catch (IOException e) {
      log.warning("cannot remove the retained copy " + FileErrors.about(file, e));
    }
  }

  /** Moves a directory that stands where a copy belongs aside; true if it did. */
  private boolean clearedTheWay(Path file) throws IOException {
    Optional<BasicFileAttributes> a = kind(file);
    if (a.isEmpty() || !a.get().isDirectory()) {
      return false;
    }
    moveAside("retained copy", file, "it is " + RegularFiles.describe(a.get()));
    return true;
  }

  private void moveAside(String what, Path file, String cause) throws IOException {
    Path aside = DamagedFiles.moveAside(file, cause, clock.instant());
    log.warning(what + " " + file + " is damaged: " + cause + "; moved to " + aside);
  }

  private static Optional<BasicFileAttributes> kind(Path p) throws IOException {
    try {
      return Optional.of(
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}

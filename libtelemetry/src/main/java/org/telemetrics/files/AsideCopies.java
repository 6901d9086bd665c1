package org.telemetrics.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The copies {@link DamagedFiles#moveAside} leaves of one file, bounded: a file damaged again at
 * every start (a disk that corrupts it, a bug) must not fill the disk with copies of itself. The
 * newest {@link #KEPT} are kept for inspection; older ones go, with their notes.
 */
final class AsideCopies {
  /** How many copies of one file are kept. */
  static final int KEPT = 5;

  /** Files that belong to a copy and go with it: SQLite's side files of a moved database. */
  private static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal");

  private static final Pattern SUFFIX = Pattern.compile("(\\d{8}T\\d{6}Z)(?:\\.(\\d{1,9}))?");

  private AsideCopies() {}

  /** A copy's place in time: its stamp, then the number added when the stamp was taken. */
  private record Copy(Path path, String stamp, int sequence) {}

  /**
   * Removes all but the newest {@link #KEPT} copies of {@code original} (a file name) in {@code
   * dir}, each with its note (and SQLite's side files, when it was a database). Copies that are
   * non-empty directories are left alone: nothing here deletes what is inside one, and {@code keep}
   * (the copy just made) stays whatever its stamp says (the clock may have stepped back). Returns
   * the names removed.
   */
  static List<String> prune(Path dir, String original, Path keep) throws IOException {
    String prefix = original + DamagedFiles.DAMAGED_INFIX;
    List<Copy> copies = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(prefix)) {
          continue;
        }
        Matcher m = SUFFIX.matcher(name.substring(prefix.length()));
        if (m.matches() && !entry.equals(keep)) {
          int sequence = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
          copies.add(new Copy(entry, m.group(1), sequence));
        }
      }
    }
    copies.sort(Comparator.comparing(Copy::stamp).thenComparingInt(Copy::sequence).reversed());
    List<String> removed = new ArrayList<>();
    int others = KEPT - 1; // keep is one of the KEPT
    for (Copy old : copies.subList(Math.min(others, copies.size()), copies.size())) {
      if (deleteUnlessFullDirectory(old.path())) {
        String name = old.path().getFileName().toString();
        Files.deleteIfExists(old.path().resolveSibling(name + AsideNote.SUFFIX));
        for (String companion : COMPANIONS) {
          Files.deleteIfExists(old.path().resolveSibling(name + companion));
        }
        removed.add(old.path().getFileName().toString());
      }
    }
    return removed;
  }

  private static boolean deleteUnlessFullDirectory(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> inside = Files.newDirectoryStream(p)) {
        if (inside.iterator().hasNext()) {
          return false;
        }
      }
    }
    Files.deleteIfExists(p); // deletes a symbolic link itself, never its target
    return true;
  }
}

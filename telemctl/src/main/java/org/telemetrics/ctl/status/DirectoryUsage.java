package org.telemetrics.ctl.status;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;
import org.telemetrics.record.Ids;
import org.telemetrics.spool.AtomicFiles;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;

/**
 * How many records a directory holds and their bytes (links and hidden files skipped). A file is
 * one record, except in {@link #ofRecordFiles}, where a file may hold several.
 */
public record DirectoryUsage(long records, long bytes) {
  public static final DirectoryUsage NONE = new DirectoryUsage(0, 0);
  /** A directory this user may not read. */
  public static final DirectoryUsage UNKNOWN = new DirectoryUsage(-1, -1);

  public static DirectoryUsage of(Path dir) throws IOException {
    return of(dir, name -> true);
  }

  public static DirectoryUsage of(Path dir, Predicate<String> select) throws IOException {
    return of(dir, select, false);
  }

  /**
   * Staging or the queue: files named by a record id, each holding that record and any that
   * telemprobd committed with it (in the queue, such a file is named {@code <id>.batch}).
   */
  public static DirectoryUsage ofRecordFiles(Path dir) throws IOException {
    String batch = SpoolFileFormat.BATCH_SUFFIX;
    return of(dir, n -> Ids.isId(n.endsWith(batch) ? n.substring(0, n.length() - batch.length())
        : n), true);
  }

  private static DirectoryUsage of(Path dir, Predicate<String> select, boolean countEntries)
      throws IOException {
    long files = 0;
    long bytes = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") || !select.test(name)) {
          continue;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // taken by a daemon while we looked
        }
        if (a.isRegularFile()) {
          files += countEntries ? entries(p) : 1;
          bytes += a.size();
        }
      }
    } catch (NoSuchFileException e) {
      return NONE;
    }
    return new DirectoryUsage(files, bytes);
  }

  /** Entries in a record file; a file that cannot be read or split counts as one. */
  private static int entries(Path file) {
    try {
      return SpoolFileFormat.split(AtomicFiles.readBounded(file, SpoolFileFormat.MAX_FILE_SIZE))
          .size();
    } catch (IOException | SpoolFormatException e) {
      return 1;
    }
  }

  public DirectoryUsage plus(DirectoryUsage o) {
    return new DirectoryUsage(records + o.records, bytes + o.bytes);
  }

  public boolean known() {
    return records >= 0;
  }

  /** "3 records, 1.2 KiB", or "unknown" (see the notes). */
  public String describe() {
    if (!known()) {
      return "unknown (not readable by this user)";
    }
    return records + (records == 1 ? " record, " : " records, ") + size(bytes);
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}

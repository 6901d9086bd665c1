package org.telemetrics.ctl.status;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.record.Ids;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;

/**
 * How many records a directory holds and their bytes (links and hidden files skipped). A file is
 * one record, except in {@link #ofRecordFiles}, where a file may hold several ({@link
 * QueuedRecords} counts the queue, where settled logs matter too).
 */
public record DirectoryUsage(long records, long bytes) {
  public static final DirectoryUsage NONE = new DirectoryUsage(0, 0);

  /** A directory this user may not read. */
  public static final DirectoryUsage UNKNOWN = new DirectoryUsage(-1, -1);

  public static DirectoryUsage of(Path dir) throws IOException {
    return of(dir, name -> true);
  }

  public static DirectoryUsage of(Path dir, Predicate<String> select) throws IOException {
    return of(dir, select, null);
  }

  /**
   * Staging: files named by a record id, each holding that record and any that telemprobd committed
   * with it. A file this user may not read counts as one, and {@code notes} says so.
   */
  public static DirectoryUsage ofRecordFiles(Path dir, List<String> notes) throws IOException {
    String batch = SpoolFileFormat.BATCH_SUFFIX;
    long[] unreadable = new long[1];
    DirectoryUsage u =
        of(
            dir,
            n -> Ids.isId(n.endsWith(batch) ? n.substring(0, n.length() - batch.length()) : n),
            unreadable);
    if (unreadable[0] > 0) {
      notes.add(
          unreadable[0]
              + " file(s) in "
              + dir
              + " cannot be read by this user: counted"
              + " as one record each (a batch holds more); run as root for the exact count");
    }
    return u;
  }

  /** {@code unreadable}: null to count files, else entries, with refused files counted in it. */
  private static DirectoryUsage of(Path dir, Predicate<String> select, long[] unreadable)
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
          files += unreadable != null ? entries(p, unreadable) : 1;
          bytes += a.size();
        }
      }
    } catch (NoSuchFileException e) {
      return NONE;
    }
    return new DirectoryUsage(files, bytes);
  }

  /** Entries in a record file; a file that cannot be read or split counts as one. */
  private static int entries(Path file, long[] unreadable) {
    try {
      return SpoolFileFormat.split(RegularFiles.readBounded(file, SpoolFileFormat.MAX_FILE_SIZE))
          .size();
    } catch (AccessDeniedException e) {
      unreadable[0]++;
      return 1;
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
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}

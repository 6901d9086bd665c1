package org.telemetrics.ctl.status;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/** How many regular files a directory holds and their bytes (links and hidden files skipped). */
public record DirectoryUsage(long files, long bytes) {
  public static final DirectoryUsage NONE = new DirectoryUsage(0, 0);

  public static DirectoryUsage of(Path dir) throws IOException {
    return of(dir, name -> true);
  }

  public static DirectoryUsage of(Path dir, Predicate<String> select) throws IOException {
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
          files++;
          bytes += a.size();
        }
      }
    } catch (NoSuchFileException e) {
      return NONE;
    }
    return new DirectoryUsage(files, bytes);
  }

  public DirectoryUsage plus(DirectoryUsage o) {
    return new DirectoryUsage(files + o.files, bytes + o.bytes);
  }

  /** "3 records, 1.2 KiB". */
  public String describe() {
    return files + (files == 1 ? " record, " : " records, ") + size(bytes);
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

package org.telemetrics.ctl.optin;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.telemetrics.files.FileErrors;

/**
 * Deletes inside a directory without ever following a symbolic link, also when someone swaps a
 * directory for a link while we work: every step is relative to an open directory handle ({@code
 * openat}/{@code unlinkat} with {@code O_NOFOLLOW}, Java's {@link SecureDirectoryStream}). A
 * symbolic link found anywhere is removed itself; what it points to is never touched.
 */
public final class SafeDelete {
  /** Counts of what was removed, and what could not be. */
  public static final class Report {
    int files;

    /** Each once, in the order found: several files of one directory meet its one problem. */
    final Set<String> problems = new LinkedHashSet<>();

    public int files() {
      return files;
    }

    public Set<String> problems() {
      return problems;
    }
  }

  private final Report report = new Report();
  private final Set<String> owners;

  /**
   * @param owners the users a directory may belong to for us to delete in it (as the C client,
   *     which only deleted in directories of the daemon user); empty: any
   */
  public SafeDelete(Set<String> owners) {
    this.owners = Set.copyOf(owners);
  }

  public Report report() {
    return report;
  }

  /** Deletes the non-directory entries of {@code dir} whose names {@code select} accepts. */
  public void deleteFiles(Path dir, Predicate<String> select) {
    deleteEntries(dir, name -> false, select);
  }

  /** Deletes one file (or symbolic link) by path, if it is there; never a directory. */
  public void deleteFile(Path file) {
    deleteFiles(file.getParent(), file.getFileName().toString()::equals);
  }

  /**
   * One pass over {@code dir}: entries {@code trees} accepts are deleted with everything in them,
   * entries {@code files} accepts only if they are not directories. The directory itself stays; a
   * missing directory is nothing to do.
   */
  public void deleteEntries(Path dir, Predicate<String> trees, Predicate<String> files) {
    try (SecureDirectoryStream<Path> ds = openNoFollow(dir)) {
      if (ds == null) {
        return;
      }
      String owner = ds.getFileAttributeView(PosixFileAttributeView.class).getOwner().getName();
      if (!owners.isEmpty() && !owners.contains(owner)) {
        report.problems.add(
            "Not removing \"" + dir + "\": Incorrect folder owner \"" + owner + "\"");
        return;
      }
      for (Path name : names(ds)) {
        boolean tree = trees.test(name.toString());
        if (!tree && !files.test(name.toString())) {
          continue;
        }
        if (!tree && isDirectory(ds, name)) {
          report.problems.add("Not removing \"" + dir.resolve(name) + "\": it is a directory");
          continue;
        }
        deleteRelative(ds, name, dir.resolve(name));
      }
    } catch (IOException e) {
      String reason = Files.isSymbolicLink(dir) ? "it is a symbolic link" : FileErrors.reason(e);
      report.problems.add("Not removing \"" + dir + "\": " + reason);
    }
  }

  /** Opens {@code dir} relative to its parent with O_NOFOLLOW; null if it does not exist. */
  private SecureDirectoryStream<Path> openNoFollow(Path dir) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IOException("refusing to work on /");
    }
    try (DirectoryStream<Path> p = Files.newDirectoryStream(parent)) {
      if (!(p instanceof SecureDirectoryStream<Path> sp)) {
        throw new IOException("this filesystem cannot delete without following links");
      }
      return sp.newDirectoryStream(dir.getFileName(), LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private void deleteRelative(SecureDirectoryStream<Path> ds, Path name, Path shown) {
    try {
      BasicFileAttributes attrs =
          ds.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
      if (attrs.isDirectory()) {
        SecureDirectoryStream<Path> sub;
        try {
          sub = ds.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          if (isDirectory(ds, name)) {
            throw e;
          }
          // swapped for a link or a file since we looked: remove that entry, follow nothing
          ds.deleteFile(name);
          report.files++;
          return;
        }
        try (sub) {
          for (Path child : names(sub)) {
            deleteRelative(sub, child, shown.resolve(child));
          }
        }
        ds.deleteDirectory(name);
      } else {
        ds.deleteFile(name);
        report.files++;
      }
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      report.problems.add("Not removing \"" + shown + "\": " + FileErrors.reason(e));
    }
  }

  private static boolean isDirectory(SecureDirectoryStream<Path> ds, Path name) throws IOException {
    return ds.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .readAttributes()
        .isDirectory();
  }

  private static List<Path> names(SecureDirectoryStream<Path> ds) {
    List<Path> names = new ArrayList<>();
    for (Path p : ds) {
      names.add(p.getFileName());
    }
    return names;
  }
}

package org.telemetrics.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * The directories the programs write in: made with the mode asked for whatever the umask, and
 * checked to be real directories, so nothing is written through a symbolic link someone planted.
 */
public final class Directories {
  private Directories() {}

  /**
   * Creates {@code dir} (and missing parents) as a daemon's own directory, mode 0750 ({@link
   * AtomicFiles#PRIVATE_DIRECTORY}), and checks that it is a real directory, not a symbolic link.
   * An existing directory keeps its mode (the tmpfiles.d entries or the operator set it).
   */
  public static Path ensure(Path dir) throws IOException {
    return ensure(dir, AtomicFiles.PRIVATE_DIRECTORY);
  }

  /**
   * {@link #ensure(Path)}, then proof that this process can write there: an empty file named {@code
   * checkPrefix}... is created and removed. A filesystem turned read-only (ext4 after an error) or
   * a directory closed to this user passes every other check; a file a kill leaves behind is the
   * caller's to recognise by its prefix.
   */
  public static Path ensureWritable(Path dir, String checkPrefix) throws IOException {
    ensure(dir);
    Files.delete(Files.createTempFile(dir, checkPrefix, ".tmp"));
    return dir;
  }

  /** Like {@link #ensure(Path)}; directories it creates get {@code mode} exactly. */
  public static Path ensure(Path dir, Set<PosixFilePermission> mode) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = dir.toAbsolutePath();
        p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        p = p.getParent()) {
      missing.push(p);
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(p);
        AtomicFiles.setMode(p, mode);
      } catch (FileAlreadyExistsException e) {
        // made at the same moment by someone else, or a non-directory in the way: checked below
      }
    }
    if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dir + " is not a directory (or is a symbolic link)");
    }
    return dir;
  }
}

package org.telemetrics.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Durable, atomic file writes: write a temporary file, fsync it, rename it into place, fsync the
 * directory. A reader sees either nothing or the whole file, also after a crash or power loss.
 * Nothing here follows a symbolic link.
 */
public final class AtomicFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target} through a temporary file in {@code tmpDir}, which
   * must be on the same filesystem. The file is readable by its owner only.
   */
  public static void write(Path tmpDir, Path target, byte[] content) throws IOException {
    write(tmpDir, target, content, OWNER_ONLY);
  }

  public static void write(Path tmpDir, Path target, byte[] content,
      Set<PosixFilePermission> permissions) throws IOException {
    write(tmpDir, target, content, permissions, true);
  }

  /**
   * Like {@link #write} without the two fsyncs: a reader still sees the old file or the new one,
   * but after a crash the old one may be back. For files the caller makes durable later.
   */
  public static void replace(Path tmpDir, Path target, byte[] content,
      Set<PosixFilePermission> permissions) throws IOException {
    write(tmpDir, target, content, permissions, false);
  }

  private static void write(Path tmpDir, Path target, byte[] content,
      Set<PosixFilePermission> permissions, boolean durable) throws IOException {
    Path tmp = tmpDir.resolve("." + target.getFileName() + "." + System.nanoTime() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp,
        Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(permissions))) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (durable) {
        ch.force(true);
      }
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("could not write " + tmp + ": " + e.getMessage(), e);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("could not rename " + tmp + " to " + target + ": " + e.getMessage(), e);
    }
    if (durable) {
      syncDirectory(target.getParent());
    }
  }

  /** Moves a file within one filesystem atomically and makes the move durable. */
  public static void move(Path source, Path target) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(target.getParent());
    if (!source.getParent().equals(target.getParent())) {
      syncDirectory(source.getParent());
    }
  }

  /** Makes renames and deletions in {@code dir} durable. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Creates {@code dir} (and parents) if missing and checks that it is a real directory, not a
   * symbolic link, so nothing is written through a link someone planted.
   */
  public static Path ensureDirectory(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      // a non-directory is in the way; reported below
    }
    if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dir + " is not a directory (or is a symbolic link)");
    }
    return dir;
  }

  /**
   * Reads a regular file of at most {@code maxBytes}, refusing symbolic links and anything larger.
   */
  public static byte[] readBounded(Path file, int maxBytes) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new NoSuchFileException(file.toString());
      }
      throw new IOException(file + " is not a regular file");
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IOException(file + " is larger than " + maxBytes + " bytes");
      }
      return bytes;
    }
  }
}

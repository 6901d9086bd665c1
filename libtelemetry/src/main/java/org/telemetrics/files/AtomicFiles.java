package org.telemetrics.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Durable, atomic file writes: write a temporary file, fsync it, rename it into place, fsync the
 * directory. A reader sees either nothing or the whole file, also after a crash or power loss.
 * Nothing here follows a symbolic link. Modes given here are the modes files and directories get,
 * whatever the process's umask.
 */
public final class AtomicFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  /**
   * The daemons' own directories, as the packaged tmpfiles.d entries make them: the daemon user and
   * its group only, so other users cannot list record ids.
   */
  public static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwxr-x---");

  /** Directories every user must reach: the runtime directory probes read, /etc/telemetrics. */
  public static final Set<PosixFilePermission> SHARED_DIRECTORY =
      PosixFilePermissions.fromString("rwxr-xr-x");

  /** Files the daemon user's group may read (journal, retained copies, status). */
  public static final Set<PosixFilePermission> GROUP_READABLE =
      PosixFilePermissions.fromString("rw-r-----");

  /** Files every user may read: the host snapshot probes read, unit drop-ins, reports, metrics. */
  public static final Set<PosixFilePermission> READABLE_BY_ALL =
      PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target} through a temporary file in {@code tmpDir}, which must
   * be on the same filesystem. The file is readable by its owner only.
   */
  public static void write(Path tmpDir, Path target, byte[] content) throws IOException {
    write(tmpDir, target, content, OWNER_ONLY);
  }

  public static void write(
      Path tmpDir, Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    write(tmpDir, target, content, permissions, true);
  }

  /**
   * Like {@link #write} without the two fsyncs: a reader still sees the old file or the new one,
   * but after a crash the old one may be back. For files the caller makes durable later.
   */
  public static void replace(
      Path tmpDir, Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    write(tmpDir, target, content, permissions, false);
  }

  private static void write(
      Path tmpDir,
      Path target,
      byte[] content,
      Set<PosixFilePermission> permissions,
      boolean durable)
      throws IOException {
    Path tmp = tmpDir.resolve(temporaryName(target.getFileName().toString(), System.nanoTime()));
    FileChannel ch;
    try {
      ch =
          FileChannel.open(
              tmp,
              Set.<OpenOption>of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(permissions));
    } catch (IOException e) {
      throw notWritten(target, e);
    }
    try (ch) {
      setMode(tmp, permissions); // the umask may have taken bits away
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (durable) {
        ch.force(true);
      }
    } catch (IOException e) {
      throw removed(tmp, notWritten(target, e));
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw removed(tmp, notWritten(target, e));
    }
    if (durable) {
      syncDirectory(target.getParent());
    }
  }

  /**
   * Why writing {@code target} failed, as a failure about the target (whatever the temporary file
   * it went through); a directory in its place is the likeliest surprise.
   */
  private static IOException notWritten(Path target, IOException e) {
    String why = Files.isDirectory(target) ? "it is a directory" : FileErrors.reason(e);
    FileSystemException failure = new FileSystemException(target.toString(), null, why);
    failure.initCause(e);
    return failure;
  }

  /** {@code failure}, once the temporary file is gone: a failed delete must not hide why. */
  private static IOException removed(Path tmp, IOException failure) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
    return failure;
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

  /** Sets a mode without following a link (the path is one we have just created). */
  static void setMode(Path p, Set<PosixFilePermission> mode) throws IOException {
    Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setPermissions(mode);
  }

  /** The temporary name a file called {@code targetName} is written under. */
  static String temporaryName(String targetName, long nanos) {
    return "." + targetName + "." + nanos + ".tmp";
  }
}

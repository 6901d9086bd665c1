package org.telemetrics.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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

  /** What {@link #moveAside} puts between a file's name and the time it was moved. */
  public static final String DAMAGED_INFIX = ".damaged-";

  /** The note beside a file moved aside: {@code source:}, {@code reason:} and {@code time:}. */
  public static final String REASON_SUFFIX = AsideNote.SUFFIX;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

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

  /**
   * Creates {@code dir} (and missing parents) as a daemon's own directory, mode 0750, and checks
   * that it is a real directory, not a symbolic link, so nothing is written through a link someone
   * planted. An existing directory keeps its mode (the tmpfiles.d entries or the operator set it).
   */
  public static Path ensureDirectory(Path dir) throws IOException {
    return ensureDirectory(dir, PRIVATE_DIRECTORY);
  }

  /**
   * {@link #ensureDirectory(Path)}, then proof that this process can write there: an empty file
   * named {@code checkPrefix}... is created and removed. A filesystem turned read-only (ext4 after
   * an error) or a directory closed to this user passes every other check; a file a kill leaves
   * behind is the caller's to recognise by its prefix.
   */
  public static Path ensureWritableDirectory(Path dir, String checkPrefix) throws IOException {
    ensureDirectory(dir);
    Files.delete(Files.createTempFile(dir, checkPrefix, ".tmp"));
    return dir;
  }

  /** Like {@link #ensureDirectory(Path)}; directories it creates get {@code mode} exactly. */
  public static Path ensureDirectory(Path dir, Set<PosixFilePermission> mode) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = dir.toAbsolutePath();
        p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        p = p.getParent()) {
      missing.push(p);
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(p);
        setMode(p, mode);
      } catch (FileAlreadyExistsException e) {
        // made at the same moment by someone else, or a non-directory in the way: checked below
      }
    }
    if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dir + " is not a directory (or is a symbolic link)");
    }
    return dir;
  }

  /**
   * Moves a damaged file, or whatever is in its place (a link, a FIFO, a directory), aside within
   * its directory as {@code <name>.damaged-<UTC time>} and writes {@code <that name>.reason} saying
   * where it came from and why. The caller starts afresh under the old name. At most {@link
   * AsideCopies#KEPT} copies of one file are kept: older ones are removed with their notes, and the
   * new note names them. Returns the new name.
   */
  public static Path moveAside(Path file, String reason, Instant now) throws IOException {
    return moveAside(file, file.getFileName().toString(), reason, now);
  }

  /**
   * {@link #moveAside(Path, String, Instant)} under another name: the copies are {@code
   * <asideName>.damaged-<UTC time>}, and the copies of {@code asideName} are the ones kept.
   */
  public static Path moveAside(Path file, String asideName, String reason, Instant now)
      throws IOException {
    String base = asideName + DAMAGED_INFIX + STAMP.format(now);
    Path target = file.resolveSibling(base);
    for (int i = 1;
        Files.exists(target, LinkOption.NOFOLLOW_LINKS)
            || Files.exists(note(target), LinkOption.NOFOLLOW_LINKS);
        i++) {
      target = file.resolveSibling(base + "." + i);
    }
    try {
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE); // rename(2): never follows a link
    } catch (IOException e) {
      throw new IOException(
          "could not move " + file + " aside to " + FileErrors.about(target, e), e);
    }
    String why = reason;
    try {
      List<String> removed = AsideCopies.prune(target.getParent(), asideName, target);
      if (!removed.isEmpty()) {
        why +=
            "; removed the oldest copies, keeping "
                + AsideCopies.KEPT
                + ": "
                + String.join(", ", removed);
      }
    } catch (IOException e) {
      why += "; could not remove older copies: " + FileErrors.describe(e);
    }
    byte[] text = AsideNote.quarantined(file.toString(), why, now.toString()).format();
    try {
      write(file.getParent(), note(target), text, GROUP_READABLE);
    } catch (IOException e) {
      syncDirectory(file.getParent()); // the move is what matters; the caller logs the reason
    }
    return target;
  }

  /** True for the names {@link #moveAside} gives {@code original} (and their notes). */
  public static boolean isMovedAside(String name, String original) {
    return name.startsWith(original + DAMAGED_INFIX);
  }

  /** The note {@link #moveAside} writes beside a copy. */
  public static Path note(Path aside) {
    return aside.resolveSibling(aside.getFileName() + REASON_SUFFIX);
  }

  /** What a path is, for messages about something that is not the regular file it should be. */
  public static String describe(BasicFileAttributes a) {
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    if (a.isDirectory()) {
      return "a directory";
    }
    return a.isRegularFile() ? "a regular file" : "a FIFO, socket or device";
  }

  /** Sets a mode without following a link (the path is one we have just created). */
  private static void setMode(Path p, Set<PosixFilePermission> mode) throws IOException {
    Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setPermissions(mode);
  }

  /**
   * Reads a regular file of at most {@code maxBytes}, refusing symbolic links and anything larger.
   */
  public static byte[] readBounded(Path file, int maxBytes) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isRegularFile()) {
      throw new IOException(file + " is not a regular file (it is " + describe(a) + ")");
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IOException(file + " is larger than " + maxBytes + " bytes");
      }
      return bytes;
    }
  }

  /** The temporary name a file called {@code targetName} is written under. */
  static String temporaryName(String targetName, long nanos) {
    return "." + targetName + "." + nanos + ".tmp";
  }
}

package org.telemetrics.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;

/**
 * One process per spool for what must not be done twice at once: telempostd holds {@code
 * spool_dir/.telempostd.lock} while it sends (two would send the same queued records), telemprobd
 * holds {@code spool_dir/.telemprobd.lock} while it owns the segments in {@code tmp/} (a recovery
 * beside a running daemon would stage its open segment). The lock is the kernel's on a hidden file
 * (hidden names are never taken for C records): released when the process ends, {@code kill -9}
 * included, so no stale lock outlives it. Nothing is written to the file; a symlink is not
 * followed, and a FIFO in its place does not block the start.
 */
public final class InstanceLock implements AutoCloseable {
  private final FileChannel channel;

  private InstanceLock(FileChannel channel) {
    this.channel = channel;
  }

  /** What {@link #take} found. */
  public sealed interface Outcome {}

  /** This process holds the lock until it exits or closes it. */
  public record Held(InstanceLock lock) implements Outcome {}

  /** Another process holds it (telempostd: this one must not start). */
  public record Busy(Path file) implements Outcome {}

  /**
   * The lock could not be taken (an unwritable directory, a full disk, a symlink in its place): the
   * daemon goes on without it, as it would have before the lock existed, and says why.
   */
  public record Unavailable(String reason) implements Outcome {}

  /** Tries once to lock {@code file} (made if missing) without waiting. */
  public static Outcome take(Path file) {
    FileChannel channel;
    try {
      Directories.ensure(file.getParent());
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
          && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return new Unavailable(
            "cannot open " + file + ": not a regular file (a link, a FIFO, a directory)");
      }
      // read as well as write: opening a FIFO put there since for writing only would block
      channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      return new Unavailable("cannot open " + FileErrors.about(file, e));
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new Held(new InstanceLock(channel));
      }
      channel.close();
      return new Busy(file);
    } catch (OverlappingFileLockException e) {
      // this JVM holds it already (a daemon built twice in one process)
      closeQuietly(channel);
      return new Busy(file);
    } catch (IOException e) {
      closeQuietly(channel);
      return new Unavailable("cannot lock " + FileErrors.about(file, e));
    }
  }

  @Override
  public void close() {
    closeQuietly(channel); // closing the channel releases the lock
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // the lock goes with the process anyway
    }
  }
}

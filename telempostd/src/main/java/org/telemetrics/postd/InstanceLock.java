package org.telemetrics.postd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.telemetrics.files.AtomicFiles;

/**
 * Keeps a second telempostd off a spool that one is using: both would send the same queued records
 * and write one journal from two processes. systemd never starts the unit twice; a telempostd
 * started by hand beside it is the case. The lock is the kernel's on a hidden file in spool_dir
 * (hidden names are never taken for C records): released when the process ends, {@code kill -9}
 * included, so no stale lock outlives it. Nothing is written to the file; a symlink is not
 * followed, and a FIFO in its place does not block the start.
 */
final class InstanceLock implements AutoCloseable {
  static final String FILE_NAME = ".telempostd.lock";

  private final FileChannel channel;

  private InstanceLock(FileChannel channel) {
    this.channel = channel;
  }

  /** What {@link #take} found. */
  sealed interface Outcome {}

  /** This process holds the lock until it exits or closes it. */
  record Held(InstanceLock lock) implements Outcome {}

  /** Another process holds it: this one must not start. */
  record Busy(Path file) implements Outcome {}

  /**
   * The lock could not be taken (an unwritable directory, a full disk, a symlink in its place): the
   * daemon starts without it, as it would have before the lock existed, and says why.
   */
  record Unavailable(String reason) implements Outcome {}

  static Outcome take(Path spoolDir) {
    Path file = spoolDir.resolve(FILE_NAME);
    FileChannel channel;
    try {
      AtomicFiles.ensureDirectory(spoolDir);
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
      return new Unavailable("cannot open " + file + ": " + e);
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
      return new Unavailable("cannot lock " + file + ": " + e);
    }
  }

  /** The message of a start refused for {@code busy}, naming what to look at. */
  static String busyMessage(Busy busy) {
    return "another telempostd is running on "
        + busy.file().getParent()
        + " (it holds "
        + busy.file().getFileName()
        + "): not started, so that no record is sent twice;"
        + " stop it first (systemctl stop telempostd.service, or the one started by hand)";
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

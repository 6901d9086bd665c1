package org.telemetrics.probd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.spool.SpoolFileFormat;

/**
 * The segment files {@link GroupCommit} fills: at most one open in {@code tmp/}, appended to one
 * durable batch at a time, cut back to its acknowledged records after a failed write, and sealed
 * (renamed into {@code staging/}). Only the staging writer's thread calls it, except {@link
 * #unsealedBytes}.
 */
final class StagingSegments {
  private final Path tmpDir;
  private final Path stagingDir;
  private final Ticker ticker;
  private final Log log;

  /** Bytes in the open segment: not in staging yet, but counted against its quota. */
  private final AtomicLong unsealedBytes = new AtomicLong();

  private Segment open;

  /** The segment being filled. */
  private static final class Segment {
    final Path path;
    final String name;
    final FileChannel channel;
    final long openedNanos;
    int bytes;

    Segment(Path path, String name, FileChannel channel, long openedNanos) {
      this.path = path;
      this.name = name;
      this.channel = channel;
      this.openedNanos = openedNanos;
    }
  }

  StagingSegments(Path tmpDir, Path stagingDir, Ticker ticker, Log log) {
    this.tmpDir = tmpDir;
    this.stagingDir = stagingDir;
    this.ticker = ticker;
    this.log = log;
  }

  boolean isOpen() {
    return open != null;
  }

  /** Bytes the open segment (if any) may still take. */
  int room() {
    return SpoolFileFormat.MAX_FILE_SIZE - (open == null ? 0 : open.bytes);
  }

  /** Milliseconds until the open segment is due to be sealed (after {@link #isOpen}). */
  long millisToSeal() {
    return GroupCommit.SEAL_AFTER_MILLIS - ticker.millisSince(open.openedNanos);
  }

  /**
   * Appends a batch and makes it durable, opening a segment named {@code firstRecordId} when none
   * is open; the batch counts as acknowledged once this returns.
   */
  void append(ByteBuffer batch, String firstRecordId) throws IOException {
    if (open == null) {
      open = create(firstRecordId);
    }
    while (batch.hasRemaining()) {
      open.channel.write(batch);
    }
    open.channel.force(false);
  }

  /** Counts a batch {@link #append} made durable as part of the open segment. */
  void acknowledged(int bytes) {
    open.bytes += bytes;
    unsealedBytes.set(open.bytes);
  }

  /** A new segment, with its directory entry durable before any record in it is acknowledged. */
  private Segment create(String name) throws IOException {
    Path path = tmpDir.resolve(name + GroupCommit.SUFFIX);
    FileChannel ch =
        FileChannel.open(
            path,
            Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      AtomicFiles.syncDirectory(tmpDir);
    } catch (IOException e) {
      ch.close();
      Files.deleteIfExists(path);
      throw e;
    }
    return new Segment(path, name, ch, ticker.nanos());
  }

  /** After a failed write: cut the segment back to its acknowledged records and seal it. */
  void abandonTail() {
    if (open == null) {
      return;
    }
    try {
      open.channel.truncate(open.bytes);
      open.channel.force(false);
    } catch (IOException e) {
      log.warning(
          "cannot cut back "
              + FileErrors.about(open.path, e)
              + "; it is repaired at the next start");
    }
    sealQuietly();
  }

  /** Bytes acknowledged but not yet sealed into staging; any thread. */
  long unsealedBytes() {
    return unsealedBytes.get();
  }

  /** Moves the open segment (if any) into staging; a failure is logged, its records kept. */
  void sealQuietly() {
    Segment s = open;
    open = null;
    if (s == null) {
      return;
    }
    try {
      s.channel.close();
      if (s.bytes == 0) {
        Files.deleteIfExists(s.path);
      } else {
        // AtomicFiles.move's steps, so that the quota stops counting the segment as unsealed
        // the moment staging holds it: neither missed nor counted twice while the syncs run
        Files.move(s.path, stagingDir.resolve(s.name), StandardCopyOption.ATOMIC_MOVE);
        unsealedBytes.set(0);
        AtomicFiles.syncDirectory(stagingDir);
        AtomicFiles.syncDirectory(tmpDir);
      }
    } catch (IOException e) {
      // its records are durable in tmp/ (or staging/): the next start seals it at the latest
      log.error(
          "cannot seal "
              + s.path
              + " into "
              + FileErrors.about(stagingDir, e)
              + "; its records are kept and staged at the next start at the latest");
    } finally {
      unsealedBytes.set(0);
    }
  }
}

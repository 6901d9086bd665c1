package org.telemetrics.probd;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.log.Log;
import org.telemetrics.spool.SpoolFileFormat;

/**
 * Writes accepted records to staging in segments. The records that arrive while a write is in
 * progress are appended together and made durable with one fdatasync; a segment collects such
 * batches in {@code tmp/<first-record-id>.segment} and is sealed (renamed into {@code staging/},
 * where telempostd takes it) when it is {@link #SEAL_AFTER_MILLIS} old or full. Creating a file
 * costs far more than writing one (an inode, two fsyncs, and on a busy ext4 a scan past every
 * recently deleted inode), so under load this is what lets telemprobd keep up.
 *
 * <p>A record is acknowledged once its batch is durable in the segment, so a segment never holds
 * more than {@link SpoolFileFormat#MAX_FILE_SIZE} bytes and only its last batch can be torn by a
 * crash. At the next start {@link SegmentRecovery} seals the segments left in {@code tmp/}, cut
 * after their last whole entry.
 */
final class GroupCommit implements AutoCloseable {
  /** How long records may wait in an open segment before telempostd sees them. */
  static final long SEAL_AFTER_MILLIS = 20;

  static final String SUFFIX = ".segment";

  private record Pending(String recordId, byte[] encoded, CompletableFuture<Void> written) {}

  private static final Pending STOP = new Pending("", new byte[0], new CompletableFuture<>());

  private final Path tmpDir;
  private final Path stagingDir;
  private final Ticker ticker;
  private final Log log;
  private final LongConsumer commitNanos;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean stopped;

  /** Bytes in the open segment: not in staging yet, but counted against its quota. */
  private final AtomicLong unsealedBytes = new AtomicLong();

  private Segment open;

  /** The segment being filled: only the writer thread touches it. */
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

  /**
   * {@code commitNanos} learns how long each durable batch took (write and fsync, and creating the
   * segment when the batch opens one), measured on {@code ticker}; it runs on the writer thread and
   * must be quick.
   */
  GroupCommit(Path tmpDir, Path stagingDir, Ticker ticker, Log log, LongConsumer commitNanos) {
    this.tmpDir = tmpDir;
    this.stagingDir = stagingDir;
    this.ticker = ticker;
    this.log = log;
    this.commitNanos = commitNanos;
    writer = new Thread(this::run, "probd-staging");
    writer.setDaemon(true);
    writer.start();
  }

  /** Returns once the entry is durable, or throws why it is not. */
  void write(String recordId, byte[] encoded) throws IOException {
    try {
      submit(recordId, encoded).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io
          ? io
          : new IOException("staging failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while staging");
    }
  }

  /**
   * Queues the entry; the future completes once it is durable, or fails with the IOException that
   * kept it from being so. Callbacks attached before then run on the writer thread, after the
   * batch's flush and before the next batch: they must be quick and must not wait.
   */
  CompletableFuture<Void> submit(String recordId, byte[] encoded) {
    Pending p = new Pending(recordId, encoded, new CompletableFuture<>());
    queue.add(p);
    if (stopped) { // the writer is gone: fail what it will never take
      failQueued(new IOException("the staging writer has stopped"));
    }
    return p.written();
  }

  /** Seals the open segment and stops the writer (after the records queued before). */
  @Override
  public void close() {
    queue.add(STOP);
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      writeUntilStopped();
    } catch (RuntimeException | Error e) {
      log.error("the staging writer failed: " + e);
      sealQuietly();
    } finally {
      stopped = true;
      failQueued(new IOException("the staging writer has stopped"));
    }
  }

  private void failQueued(IOException why) {
    for (Pending p; (p = queue.poll()) != null; ) {
      p.written().completeExceptionally(why);
    }
  }

  private void writeUntilStopped() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      Pending first;
      try {
        first = open == null ? queue.take() : queue.poll(millisToSeal(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null || first == STOP) {
        sealQuietly();
        if (first == STOP) {
          return;
        }
        continue;
      }
      if (open != null && open.bytes + first.encoded().length > SpoolFileFormat.MAX_FILE_SIZE) {
        sealQuietly();
      }
      batch.add(first);
      int bytes = first.encoded().length;
      int room = SpoolFileFormat.MAX_FILE_SIZE - (open == null ? 0 : open.bytes);
      for (Pending next;
          (next = queue.peek()) != null
              && next != STOP
              && bytes + next.encoded().length <= room; ) {
        batch.add(queue.poll());
        bytes += next.encoded().length;
      }
      commit(batch, bytes);
      batch.clear();
      if (open != null && millisToSeal() <= 0) {
        sealQuietly();
      }
    }
  }

  private long millisToSeal() {
    return SEAL_AFTER_MILLIS - ticker.millisSince(open.openedNanos);
  }

  private void commit(List<Pending> batch, int bytes) {
    long start = ticker.nanos();
    try {
      if (open == null) {
        open = create(batch.get(0).recordId());
      }
      ByteBuffer buf = ByteBuffer.allocate(bytes);
      for (Pending p : batch) {
        buf.put(p.encoded());
      }
      buf.flip();
      while (buf.hasRemaining()) {
        open.channel.write(buf);
      }
      open.channel.force(false);
      commitNanos.accept(ticker.nanos() - start);
      open.bytes += bytes;
      unsealedBytes.set(open.bytes);
      for (Pending p : batch) {
        p.written().complete(null);
      }
    } catch (IOException | RuntimeException e) {
      for (Pending p : batch) {
        p.written().completeExceptionally(e);
      }
      abandonTail();
    }
  }

  /** A new segment, with its directory entry durable before any record in it is acknowledged. */
  private Segment create(String name) throws IOException {
    Path path = tmpDir.resolve(name + SUFFIX);
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
  private void abandonTail() {
    if (open == null) {
      return;
    }
    try {
      open.channel.truncate(open.bytes);
      open.channel.force(false);
    } catch (IOException e) {
      log.warning(
          "cannot cut back "
              + open.path
              + ": "
              + e.getMessage()
              + "; it is repaired at the next start");
    }
    sealQuietly();
  }

  /** Bytes acknowledged but not yet sealed into staging. */
  long unsealedBytes() {
    return unsealedBytes.get();
  }

  private void sealQuietly() {
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
              + stagingDir
              + ": "
              + e.getMessage()
              + "; its records are kept and staged at the next start at the latest");
    } finally {
      unsealedBytes.set(0);
    }
  }
}

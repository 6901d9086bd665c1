package org.telemetrics.probd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.telemetrics.daemon.Ticker;
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
 *
 * <p>This class is the queue and the batching on the staging writer's thread; the files are {@link
 * StagingSegments}'.
 */
final class GroupCommit implements AutoCloseable {
  /** How long records may wait in an open segment before telempostd sees them. */
  static final long SEAL_AFTER_MILLIS = 20;

  static final String SUFFIX = ".segment";

  private record Pending(String recordId, byte[] encoded, CompletableFuture<Void> written) {}

  private static final Pending STOP = new Pending("", new byte[0], new CompletableFuture<>());

  private final Ticker ticker;
  private final Log log;
  private final LongConsumer commitNanos;
  private final StagingSegments segments;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean stopped;

  /**
   * {@code commitNanos} learns how long each durable batch took (write and fsync, and creating the
   * segment when the batch opens one), measured on {@code ticker}; it runs on the writer thread and
   * must be quick.
   */
  GroupCommit(Path tmpDir, Path stagingDir, Ticker ticker, Log log, LongConsumer commitNanos) {
    this.ticker = ticker;
    this.log = log;
    this.commitNanos = commitNanos;
    this.segments = new StagingSegments(tmpDir, stagingDir, ticker, log);
    writer = new Thread(this::run, "probd-staging");
    writer.setDaemon(true);
    writer.start();
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

  /** Bytes acknowledged but not yet sealed into staging. */
  long unsealedBytes() {
    return segments.unsealedBytes();
  }

  private void run() {
    try {
      writeUntilStopped();
    } catch (RuntimeException | Error e) {
      log.error("the staging writer failed: " + e);
      segments.sealQuietly();
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
        first =
            segments.isOpen()
                ? queue.poll(segments.millisToSeal(), TimeUnit.MILLISECONDS)
                : queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (first == null || first == STOP) {
        segments.sealQuietly();
        if (first == STOP) {
          return;
        }
        continue;
      }
      if (first.encoded().length > segments.room()) {
        segments.sealQuietly();
      }
      batch.add(first);
      int bytes = first.encoded().length;
      int room = segments.room();
      for (Pending next;
          (next = queue.peek()) != null
              && next != STOP
              && bytes + next.encoded().length <= room; ) {
        batch.add(queue.poll());
        bytes += next.encoded().length;
      }
      commit(batch, bytes);
      batch.clear();
      if (segments.isOpen() && segments.millisToSeal() <= 0) {
        segments.sealQuietly();
      }
    }
  }

  private void commit(List<Pending> batch, int bytes) {
    long start = ticker.nanos();
    try {
      ByteBuffer buf = ByteBuffer.allocate(bytes);
      for (Pending p : batch) {
        buf.put(p.encoded());
      }
      buf.flip();
      segments.append(buf, batch.get(0).recordId());
      commitNanos.accept(ticker.nanos() - start);
      segments.acknowledged(bytes);
      for (Pending p : batch) {
        p.written().complete(null);
      }
    } catch (IOException | RuntimeException e) {
      for (Pending p : batch) {
        p.written().completeExceptionally(e);
      }
      segments.abandonTail();
    }
  }
}

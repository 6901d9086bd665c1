package org.telemetrics.probd;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
import org.telemetrics.daemon.Log;
import org.telemetrics.spool.AtomicFiles;
import org.telemetrics.spool.SpoolFileFormat;

/**
 * Writes accepted records to staging in segments. The records that arrive while a write is in
 * progress are appended together and made durable with one fdatasync; a segment collects such
 * batches in {@code tmp/<first-record-id>.segment} and is sealed (renamed into {@code staging/},
 * where telempostd takes it) when it is {@link #SEAL_AFTER_MILLIS} old or full. Creating a file
 * costs far more than writing one (an inode, two fsyncs, and on a busy ext4 a scan past every
 * recently deleted inode), so under load this is what lets telemprobd keep up.
 *
 * <p>A record is acknowledged once its batch is durable in the segment. After a crash,
 * {@link #recover} seals the segments left in {@code tmp/}, cut after their last whole entry.
 */
final class GroupCommit implements AutoCloseable {
  /** How long records may wait in an open segment before telempostd sees them. */
  static final long SEAL_AFTER_MILLIS = 20;
  static final String SUFFIX = ".segment";

  private record Pending(String recordId, byte[] encoded, CompletableFuture<Void> written) {}

  private static final Pending STOP = new Pending("", new byte[0], new CompletableFuture<>());

  private final Path tmpDir;
  private final Path stagingDir;
  private final Log log;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean stopped;
  private Segment open;

  /** The segment being filled: only the writer thread touches it. */
  private static final class Segment {
    final Path path;
    final String name;
    final FileChannel channel;
    final long openedNanos = System.nanoTime();
    int bytes;

    Segment(Path path, String name, FileChannel channel) {
      this.path = path;
      this.name = name;
      this.channel = channel;
    }
  }

  GroupCommit(Path tmpDir, Path stagingDir, Log log) {
    this.tmpDir = tmpDir;
    this.stagingDir = stagingDir;
    this.log = log;
    writer = new Thread(this::run, "probd-staging");
    writer.setDaemon(true);
    writer.start();
  }

  /** Returns once the entry is durable, or throws why it is not. */
  void write(String recordId, byte[] encoded) throws IOException {
    Pending p = new Pending(recordId, encoded, new CompletableFuture<>());
    queue.add(p);
    if (stopped) { // the writer is gone: fail what it will never take
      failQueued(new IOException("the staging writer has stopped"));
    }
    try {
      p.written().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io
          : new IOException("staging failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while staging");
    }
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
      for (Pending next; (next = queue.peek()) != null && next != STOP
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
    return SEAL_AFTER_MILLIS - (System.nanoTime() - open.openedNanos) / 1_000_000;
  }

  private void commit(List<Pending> batch, int bytes) {
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
      open.bytes += bytes;
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
    FileChannel ch = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      AtomicFiles.syncDirectory(tmpDir);
    } catch (IOException e) {
      ch.close();
      Files.deleteIfExists(path);
      throw e;
    }
    return new Segment(path, name, ch);
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
      log.warning("cannot cut back " + open.path + ": " + e.getMessage()
          + "; it is repaired at the next start");
    }
    sealQuietly();
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
        AtomicFiles.move(s.path, stagingDir.resolve(s.name));
      }
    } catch (IOException e) {
      // its records are durable in tmp/: the next start seals it
      log.error("cannot move " + s.path + " to " + stagingDir + ": " + e.getMessage()
          + "; its records are kept and staged at the next start");
    }
  }

  /**
   * Stages the segments a crash left in {@code tmp/}: each is cut after its last whole entry
   * (a batch being written when the daemon died was never acknowledged) and sealed. Returns
   * the number of records recovered.
   */
  static int recover(Path tmpDir, Path stagingDir, Log log) throws IOException {
    int records = 0;
    List<Path> segments = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tmpDir, "*" + SUFFIX)) {
      dir.forEach(segments::add);
    }
    for (Path p : segments) {
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      byte[] bytes = AtomicFiles.readBounded(p, SpoolFileFormat.MAX_FILE_SIZE);
      SpoolFileFormat.WholeEntries whole = SpoolFileFormat.wholeEntries(bytes);
      if (whole.count() == 0) {
        Files.delete(p);
        continue;
      }
      if (whole.length() < bytes.length) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
          ch.truncate(whole.length());
          ch.force(false);
        }
        log.warning("cut " + (bytes.length - whole.length()) + " bytes of an unfinished write"
            + " from " + p);
      }
      String name = p.getFileName().toString();
      AtomicFiles.move(p, stagingDir.resolve(name.substring(0, name.length() - SUFFIX.length())));
      records += whole.count();
    }
    return records;
  }
}

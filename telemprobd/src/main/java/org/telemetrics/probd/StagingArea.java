package org.telemetrics.probd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.InstanceLock;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.disk.SpoolDirectories;

/**
 * The hand-off to telempostd: each accepted record is written durably to a segment (see {@link
 * GroupCommit}) before the probe is told "accepted"; segments are renamed into {@code staging/},
 * where telempostd takes them. A crash leaves segments in {@code tmp/}, which the next start, or
 * {@code telemprobd --recover} at boot, stages ({@link TmpDirRecovery}, {@link TmpDirLock}). A
 * quota on the bytes waiting in staging ({@link StagingQuota}) turns a full disk into rejections.
 */
final class StagingArea {
  private final Layout layout;
  private final TimeSource time;
  private final Log log;
  private final StagingQuota quota;
  private final LongConsumer commitNanos;
  private volatile GroupCommit commit;
  private volatile InstanceLock.Outcome tmpDirLock;

  /** {@code commitNanos} learns the duration of each staging commit ({@link GroupCommit}). */
  StagingArea(Layout layout, TimeSource time, Log log, LongConsumer commitNanos) {
    this.layout = layout;
    this.time = time;
    this.log = log;
    this.commitNanos = commitNanos;
    this.quota = new StagingQuota(this::measure, time.monotonic());
  }

  /**
   * Creates the directories (what is in the place of one, a link or a file, goes aside: {@link
   * SpoolDirectories}), takes {@link TmpDirLock} and recovers what {@code tmp/} holds. Fails only
   * when a directory cannot be made or listed, never over a file in it.
   */
  void prepare() throws IOException {
    Directories.ensure(layout.spoolDir());
    for (Path dir : List.of(layout.tmpDir(), layout.stagingDir())) {
      SpoolDirectories.prepare(dir, time.wall().instant()).ifPresent(log::warning);
    }
    tmpDirLock = TmpDirLock.await(layout, TmpDirLock.WAIT_MILLIS, time.monotonic());
    if (tmpDirLock instanceof InstanceLock.Busy busy) {
      log.warning(
          "another process holds "
              + busy.file()
              + " (a telemprobd --recover that does not end?): the segments in "
              + layout.tmpDir()
              + " are left for the next start");
    } else {
      TmpDirRecovery.Outcome found = TmpDirRecovery.recover(layout, time, log, tmpDirLock);
      if (found.records() > 0) {
        log.info("staged " + found.records() + " records an earlier run had acknowledged");
      }
    }
    commit =
        new GroupCommit(layout.tmpDir(), layout.stagingDir(), time.monotonic(), log, commitNanos);
  }

  /** Seals the open segment into staging and gives up {@code tmp/} (at exit). */
  void close() {
    if (commit != null) {
      commit.close();
    }
    if (tmpDirLock instanceof InstanceLock.Held held) {
      held.lock().close();
    }
  }

  /**
   * Reserves room for {@code bytes} under the quota ({@code quotaBytes < 0}: unlimited). Returns
   * false when staging is full.
   */
  boolean reserve(long bytes, long quotaBytes) {
    return quota.reserve(bytes, quotaBytes);
  }

  /** Gives back a reservation whose record could not be staged. */
  void release(long bytes) {
    quota.release(bytes);
  }

  /**
   * Queues the entry without waiting (after {@link #prepare}): the future completes once it is
   * durable in a segment, which reaches staging within {@link GroupCommit#SEAL_AFTER_MILLIS}; its
   * callbacks run on the staging writer's thread (see {@link GroupCommit#submit}).
   */
  CompletableFuture<Void> stageLater(SpoolEntry entry, byte[] encoded) {
    return commit.submit(entry.recordId(), encoded);
  }

  static byte[] encode(SpoolEntry entry) {
    return SpoolFileFormat.encode(entry);
  }

  /**
   * Bytes in staging now, from lstat of each entry (nothing there is followed or opened), plus the
   * open segment's, which is on its way there.
   */
  private long measure() {
    GroupCommit c = commit;
    long total = c == null ? 0 : c.unsealedBytes();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(layout.stagingDir())) {
      for (Path p : dir) {
        try {
          BasicFileAttributes a =
              Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          total += a.size();
        } catch (IOException e) {
          // taken by telempostd meanwhile
        }
      }
    } catch (IOException e) {
      log.warning("cannot measure " + FileErrors.about(layout.stagingDir(), e));
    }
    return total;
  }
}

package org.telemetrics.probd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.Log;
import org.telemetrics.spool.AtomicFiles;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;

/**
 * The hand-off to telempostd: each accepted record is written durably to a segment (see
 * {@link GroupCommit}) before the probe is told "accepted"; segments are renamed into
 * {@code staging/}, where telempostd takes them. A crash leaves segments in {@code tmp/}, which
 * the next start stages, and perhaps a temporary file, which telempostd never reads. A quota on
 * the bytes waiting in staging turns a full disk into rejections.
 */
final class StagingArea {
  /** Temporary names {@link AtomicFiles} gives our files: ".<record-id>.<nanos>.tmp". */
  private static final Pattern OUR_TMP = Pattern.compile("\\.[0-9a-f]{32}\\.\\d+\\.tmp");
  /** Temporary files older than this are leftovers of a crash, not writes in progress. */
  static final long STALE_TMP_MILLIS = 10 * 60 * 1000;
  /** How long a measurement of the staging directory is trusted. */
  static final long RESCAN_MILLIS = 1000;

  private final Layout layout;
  private final Log log;
  private long usedBytes;
  private long scannedAt = Long.MIN_VALUE;
  private GroupCommit commit;

  StagingArea(Layout layout, Log log) {
    this.layout = layout;
    this.log = log;
  }

  /** Creates the directories (refusing symbolic links) and removes stale temporary files. */
  void prepare() throws IOException {
    AtomicFiles.ensureDirectory(layout.spoolDir());
    AtomicFiles.ensureDirectory(layout.tmpDir());
    AtomicFiles.ensureDirectory(layout.stagingDir());
    long now = System.currentTimeMillis();
    int removed = 0;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(layout.tmpDir())) {
      for (Path p : dir) {
        if (OUR_TMP.matcher(p.getFileName().toString()).matches()
            && now - Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis()
                > STALE_TMP_MILLIS) {
          Files.deleteIfExists(p);
          removed++;
        }
      }
    }
    if (removed > 0) {
      log.info("removed " + removed + " unfinished temporary record files from "
          + layout.tmpDir());
    }
    int recovered = GroupCommit.recover(layout.tmpDir(), layout.stagingDir(), log);
    if (recovered > 0) {
      log.info("staged " + recovered + " records an earlier run had acknowledged");
    }
    commit = new GroupCommit(layout.tmpDir(), layout.stagingDir(), log);
  }

  /** Seals the open segment into staging (at exit). */
  void close() {
    if (commit != null) {
      commit.close();
    }
  }

  /**
   * Reserves room for {@code bytes} under the quota ({@code quotaBytes < 0}: unlimited).
   * Returns false when staging is full.
   */
  synchronized boolean reserve(long bytes, long quotaBytes) {
    if (quotaBytes < 0) {
      return true;
    }
    long now = System.currentTimeMillis();
    if (now - scannedAt > RESCAN_MILLIS || usedBytes + bytes > quotaBytes) {
      if (now - scannedAt > RESCAN_MILLIS / 10) {
        usedBytes = measure();
        scannedAt = now;
      }
    }
    if (usedBytes + bytes > quotaBytes) {
      return false;
    }
    usedBytes += bytes;
    return true;
  }

  /**
   * Returns once the entry is durable in a segment, which reaches staging within
   * {@link GroupCommit#SEAL_AFTER_MILLIS} (after {@link #prepare}).
   */
  void stage(SpoolEntry entry, byte[] encoded) throws IOException {
    commit.write(entry.recordId(), encoded);
  }

  static byte[] encode(SpoolEntry entry) {
    return SpoolFileFormat.encode(entry);
  }

  private long measure() {
    long total = 0;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(layout.stagingDir())) {
      for (Path p : dir) {
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
              LinkOption.NOFOLLOW_LINKS);
          total += a.size();
        } catch (IOException e) {
          // taken by telempostd meanwhile
        }
      }
    } catch (IOException e) {
      log.warning("cannot measure " + layout.stagingDir() + ": " + e.getMessage());
    }
    return total;
  }
}

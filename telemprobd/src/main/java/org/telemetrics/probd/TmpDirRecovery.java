package org.telemetrics.probd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.InstanceLock;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;

/**
 * What telemprobd does with {@code spool_dir/tmp/} at start, before it accepts anything: segments a
 * crash left are staged ({@link SegmentRecovery}); its own temporary files older than {@link
 * #STALE_TMP_MILLIS} are removed (writes that never completed); other hidden files are temporary
 * files of others (telempostd writes its state through {@code tmp/} too) and are left to them;
 * anything else (symbolic links, FIFOs, directories, files no one writes here, unusable segments)
 * goes to quarantine with a reason. Entries are examined with lstat only, never followed, and a
 * damaged file never stops the start.
 */
final class TmpDirRecovery {
  /** Temporary names {@code AtomicFiles} gives our files: ".<record-id>.<nanos>.tmp". */
  private static final Pattern OUR_TMP = Pattern.compile("\\.[0-9a-f]{32}\\.\\d+\\.tmp");

  /** Temporary files older than this are leftovers of a crash, not writes in progress. */
  static final long STALE_TMP_MILLIS = 10 * 60 * 1000;

  /** What a start found: records staged, temporary files removed. */
  record Outcome(int records, int removed) {}

  private final Path tmpDir;
  private final SegmentRecovery segments;
  private final Quarantine quarantine;
  private final Clock clock;
  private final Log log;

  TmpDirRecovery(
      Path tmpDir, SegmentRecovery segments, Quarantine quarantine, Clock clock, Log log) {
    this.tmpDir = tmpDir;
    this.segments = segments;
    this.quarantine = quarantine;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Recovers {@code layout}'s {@code tmp/} into its {@code staging/} for the process that took
   * {@link TmpDirLock} with {@code lock} (held, or a lock file it could not use, which is named in
   * a warning: recovery goes on without the guard). Fails only when {@code tmp/} cannot be listed.
   */
  static Outcome recover(Layout layout, TimeSource time, Log log, InstanceLock.Outcome lock)
      throws IOException {
    if (lock instanceof InstanceLock.Busy) {
      throw new IllegalStateException("another process owns " + layout.tmpDir());
    }
    if (lock instanceof InstanceLock.Unavailable unavailable) {
      log.warning(unavailable.reason() + "; recovering " + layout.tmpDir() + " all the same");
    }
    Quarantine quarantine = new Quarantine(layout, time.wall(), log);
    return new TmpDirRecovery(
            layout.tmpDir(),
            new SegmentRecovery(layout.tmpDir(), layout.stagingDir(), quarantine, log),
            quarantine,
            time.wall(),
            log)
        .run();
  }

  /**
   * Fails only when {@code tmp/} cannot be listed. The caller holds {@link TmpDirLock}, so no
   * running daemon is writing the segments found.
   */
  Outcome run() throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tmpDir)) {
      dir.forEach(entries::add);
    }
    int records = 0;
    int removed = 0;
    long now = clock.millis();
    for (Path p : entries) {
      String name = p.getFileName().toString();
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        continue;
      } catch (IOException e) {
        log.error("cannot examine " + FileErrors.about(p, e));
        continue;
      }
      if (!a.isRegularFile()) {
        quarantine.move(
            p, kind(a) + " where only regular files belong" + " (never followed or opened)");
      } else if (name.startsWith(".")) {
        // a temporary file of an atomic write (".<target>.<nanos>.tmp"): ours, or telempostd's
        // that it may be writing right now
        if (OUR_TMP.matcher(name).matches()
            && now - a.lastModifiedTime().toMillis() > STALE_TMP_MILLIS) {
          Files.deleteIfExists(p);
          removed++;
        }
      } else if (name.endsWith(GroupCommit.SUFFIX)) {
        try {
          records += segments.recover(p, a);
        } catch (IOException e) {
          // reading or writing failed (a full disk?), not the file's content: try again later
          log.error(
              "cannot recover "
                  + FileErrors.about(p, e)
                  + "; it stays in "
                  + tmpDir
                  + " for the next start");
        } catch (RuntimeException e) {
          quarantine.move(p, "cannot be recovered: " + e);
        }
      } else {
        quarantine.move(p, "not a file telemprobd or telempostd writes in " + tmpDir);
      }
    }
    if (removed > 0) {
      log.info("removed " + removed + " unfinished temporary record files from " + tmpDir);
    }
    return new Outcome(records, removed);
  }

  private static String kind(BasicFileAttributes a) {
    return a.isSymbolicLink()
        ? "a symbolic link"
        : a.isDirectory() ? "a directory" : "a special file (FIFO, socket or device)";
  }
}

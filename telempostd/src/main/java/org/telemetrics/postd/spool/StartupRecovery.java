package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.spool.disk.SpoolDirectories;
import org.telemetrics.spool.disk.SpoolNames;

/**
 * Start-up: makes the working directories ({@link SpoolDirectories}) and indexes what {@code
 * queue/} holds from an earlier run ({@link QueueIndexer}), as much as the heap allows ({@link
 * Admission#recordsThatFit}); the rest is indexed as the queue drains. Nothing of ours that is
 * damaged stops the start: a file that cannot be read is quarantined (or, for a retry note,
 * skipped) with a log line naming it, and the rest goes on.
 */
final class StartupRecovery {
  /** A temporary of ours older than this belongs to a killed run. */
  private static final long STALE_TEMPORARY_MILLIS = 60_000;

  private final Layout layout;
  private final DueScheduler scheduler;
  private final AsideStore aside;
  private final Log log;
  private final TimeSource time;
  private final QueueIndexer indexer;
  private final int maxRecords;

  StartupRecovery(
      Layout layout,
      DueScheduler scheduler,
      AsideStore aside,
      Log log,
      TimeSource time,
      QueueIndexer indexer,
      int maxRecords) {
    this.layout = layout;
    this.scheduler = scheduler;
    this.aside = aside;
    this.log = log;
    this.time = time;
    this.indexer = indexer;
    this.maxRecords = maxRecords;
  }

  void run() throws IOException {
    SpoolDirectories.prepareAll(layout.spoolDir(), time.wall().instant()).forEach(log::warning);
    removeStaleTemporaries();
    List<Path> sidecars = new ArrayList<>();
    List<Path> settledLogs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.queueDir())) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.startsWith(SpoolNames.WRITE_CHECK_PREFIX)) {
          removeOrSetAside(p); // WritableDirectories', left by a kill: no record
        } else if (name.endsWith(SpoolNames.RETRY_SUFFIX)) {
          sidecars.add(p);
        } else if (name.endsWith(SpoolNames.SETTLED_SUFFIX)) {
          settledLogs.add(p);
        } else if (scheduler.size() >= maxRecords) {
          indexer.defer(p);
        } else {
          indexer.index(p);
        }
      }
    }
    if (indexer.deferred() > 0) {
      log.warning(
          "queue/ holds more records than telempostd's heap allows: "
              + scheduler.size()
              + " indexed, "
              + indexer.deferred()
              + " files more are indexed as the queue drains");
    }
    for (Path p : settledLogs) { // the log of a file that is gone
      String name = p.getFileName().toString();
      Path of =
          p.resolveSibling(name.substring(0, name.length() - SpoolNames.SETTLED_SUFFIX.length()));
      if (!Files.exists(of, LinkOption.NOFOLLOW_LINKS)) {
        removeOrSetAside(p);
      }
    }
    for (Path p : indexer.deferred() > 0 ? List.<Path>of() : sidecars) { // deferred: theirs
      String name = p.getFileName().toString();
      if (!scheduler.contains(
          name.substring(0, name.length() - SpoolNames.RETRY_SUFFIX.length()))) {
        removeOrSetAside(p);
      }
    }
    aside.open();
  }

  /** A note with nothing to note: deleted if it is a file of ours, else set aside. */
  private void removeOrSetAside(Path p) {
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      aside.quarantine(p, "not a regular file where a note was expected");
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.warning("cannot remove " + FileErrors.about(p, e));
    }
  }

  /** Our unfinished note files from a killed run (telemprobd cleans up its own). */
  private void removeStaleTemporaries() throws IOException {
    long now = time.millis();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.tmpDir())) {
      for (Path p : ds) {
        if (SpoolNames.isStateTemporary(p.getFileName().toString())
            && now - AsideStore.mtime(p) > STALE_TEMPORARY_MILLIS) {
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(p);
          } else {
            aside.quarantine(p, "not a regular file");
          }
        }
      }
    }
  }
}

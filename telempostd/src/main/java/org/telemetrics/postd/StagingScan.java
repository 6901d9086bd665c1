package org.telemetrics.postd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.postd.spool.Spool;

/**
 * Finds what waits to be taken: the watch's events, and full scans of {@code staging/} and of
 * {@code spool_dir} (C-format files). Remembers what must be looked at again soon: a C file still
 * being written, or staged files left while intake waits for disk space.
 */
final class StagingScan {
  private final Layout layout;
  private final Spool spool;
  private final Log log;
  private final LogThrottle throttle;
  private boolean legacyPending;
  private boolean stagingPending;

  StagingScan(Layout layout, Spool spool, Log log, LogThrottle throttle) {
    this.layout = layout;
    this.spool = spool;
    this.log = log;
    this.throttle = throttle;
  }

  /** A C-format file did not parse yet (it may still be being written). */
  boolean legacyPending() {
    return legacyPending;
  }

  /** Staged files wait for space: scanned again soon, not at once. */
  boolean stagingPending() {
    return stagingPending;
  }

  void handle(Object ev) throws IOException {
    if (ev instanceof StagingWatcher.Arrival a) {
      take(a.file(), a.legacy());
    } else if (ev instanceof StagingWatcher.Overflow) {
      log.info("watch events were lost; rescanning");
      rescan();
    }
  }

  void rescan() throws IOException {
    stagingPending = false;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.stagingDir())) {
      for (Path p : ds) {
        if (!p.getFileName().toString().startsWith(".")) {
          take(p, false);
        }
      }
    }
    rescanLegacy();
  }

  void rescanLegacy() throws IOException {
    legacyPending = false;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.spoolDir())) {
      for (Path p : ds) {
        take(p, true);
      }
    }
  }

  boolean stagingEmpty() {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.stagingDir())) {
      return !ds.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  private void take(Path file, boolean legacy) {
    if (legacy && !isLegacyCandidate(file)) {
      return;
    }
    try {
      Spool.Intake result = spool.intake(file, legacy);
      if (result == Spool.Intake.NOT_READY) {
        legacyPending = true;
      } else if (result == Spool.Intake.PAUSED) {
        stagingPending = true;
      }
    } catch (IOException e) {
      throttle.log(Log.Level.ERROR, "take", "cannot take " + FileErrors.about(file, e));
    }
  }

  /** Directories in spool_dir are ours, as are hidden files; anything else is a C record. */
  private static boolean isLegacyCandidate(Path file) {
    String name = file.getFileName().toString();
    return !name.startsWith(".") && !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS);
  }
}

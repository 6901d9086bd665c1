package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;

/**
 * Files of settled records that could not be removed: the filesystem turned read-only (ext4 does so
 * after an error), or an I/O error. The records are settled all the same, since sending one again
 * would deliver it twice. The daemon's loop tries the removal again now and then; a file still
 * there when telempostd stops has its records sent again by the next start, as after a kill, under
 * the same record ids.
 */
final class LeftoverFiles {
  /** How often the loop tries again while files are left. */
  static final long RETRY_NANOS = 5_000_000_000L;

  private final Set<Path> paths = new LinkedHashSet<>();
  private final TimeSource time;
  private final Log log;
  private final LogThrottle throttle;
  private long triedAtNanos;

  LeftoverFiles(TimeSource time, Log log, LogThrottle throttle) {
    this.time = time;
    this.log = log;
    this.throttle = throttle;
    this.triedAtNanos = time.nanos();
  }

  /** {@code files} (the first one named in the log) could not be removed, for {@code why}. */
  void add(List<Path> files, IOException why) {
    synchronized (this) {
      if (paths.isEmpty()) {
        triedAtNanos = time.nanos();
      }
      paths.addAll(files);
    }
    throttle.log(
        Log.Level.ERROR,
        "leftover",
        "cannot remove "
            + files.get(0)
            + " of a settled record ("
            + FileErrors.reason(why)
            + "); trying again every "
            + RETRY_NANOS / 1_000_000_000L
            + " s. If telempostd stops first, the next start sends its records again");
  }

  /** Tries the removals again if some are left and the last try is long enough ago. */
  void retry() {
    if (size() > 0 && time.nanos() - triedAtNanos >= RETRY_NANOS) {
      retryNow();
    }
  }

  /** Tries the removals again (also at exit); returns how many files are still there. */
  synchronized int retryNow() {
    triedAtNanos = time.nanos();
    int removed = 0;
    for (Iterator<Path> it = paths.iterator(); it.hasNext(); ) {
      try {
        if (Files.deleteIfExists(it.next())) {
          removed++;
        }
        it.remove();
      } catch (IOException e) {
        // still there: tried again later
      }
    }
    if (removed > 0) {
      log.info(
          "removed " + removed + " files of settled records left over; " + paths.size() + " left");
    }
    return paths.size();
  }

  synchronized int size() {
    return paths.size();
  }
}

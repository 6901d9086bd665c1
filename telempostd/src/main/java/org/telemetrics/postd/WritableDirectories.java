package org.telemetrics.postd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.daemon.StorageFailures;
import org.telemetrics.daemon.Watchdog;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.spool.disk.SpoolNames;

/**
 * telempostd starts only once it can write its spool, queue and journal directories. A record sent
 * while it cannot is marked delivered nowhere, so every later start would send it again: that is
 * the case on a read-only filesystem (ext4 remounts itself so after an error, Debian's default) or
 * in a directory the service user may not write. A full disk is no reason to wait: sending frees
 * space. It waits rather than exits because systemd starts it again while records wait (its path
 * unit): an exit would become a start every few seconds. Before each check, {@code repair} sets
 * aside what stands in the place of a working directory (a link, a file), which no wait would mend.
 */
final class WritableDirectories {
  /** How often the directories are tried again while they cannot be written. */
  static final long CHECK_MILLIS = 10_000;

  /** The loop's step: the stop flag and the watchdog are looked at this often. */
  private static final long STEP_MILLIS = 1_000;

  private final List<Path> dirs;
  private final Runnable repair;
  private final Log log;
  private final SdNotify notify;
  private final Watchdog watchdog;
  private final long checkMillis;

  WritableDirectories(
      List<Path> dirs,
      Runnable repair,
      Log log,
      SdNotify notify,
      Watchdog watchdog,
      long checkMillis) {
    this.dirs = List.copyOf(dirs);
    this.repair = repair;
    this.log = log;
    this.notify = notify;
    this.watchdog = watchdog;
    this.checkMillis = checkMillis;
  }

  /** Why one of {@code dirs} cannot be written, or empty when all of them can. */
  static Optional<String> problem(List<Path> dirs) {
    for (Path dir : dirs) {
      try {
        // hidden: a file directly in spool_dir is otherwise taken for a C client's record
        Directories.ensureWritable(dir, SpoolNames.WRITE_CHECK_PREFIX);
      } catch (IOException e) {
        if (!StorageFailures.isNoSpace(e)) {
          return Optional.of("cannot write in " + dir + " (" + FileErrors.reason(e) + ")");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns true as soon as every directory can be written, at once in the usual case; false when
   * {@code stop} was set while waiting. Tells systemd it is ready meanwhile, with the reason as its
   * status, and keeps its watchdog fed.
   */
  boolean await(AtomicBoolean stop) throws InterruptedException {
    repair.run();
    Optional<String> problem = problem(dirs);
    if (problem.isEmpty()) {
      return true;
    }
    String told = "";
    while (problem.isPresent()) {
      if (!problem.get().equals(told)) {
        told = problem.get();
        log.error(
            told
                + "; waiting until it can, trying every "
                + checkMillis / 1000
                + " s: a record sent now could not be marked delivered, and would be sent"
                + " again at every start");
        notify.ready("waiting: " + told);
      }
      for (long waited = 0; waited < checkMillis; waited += STEP_MILLIS) {
        if (stop.get()) {
          return false;
        }
        watchdog.poll();
        Thread.sleep(Math.min(STEP_MILLIS, checkMillis));
      }
      repair.run();
      problem = problem(dirs);
    }
    log.info("the spool and the journal can be written again; starting");
    return true;
  }
}

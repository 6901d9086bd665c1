package org.telemetrics.probd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.InstanceLock;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.spool.disk.SpoolDirectories;

/**
 * {@code telemprobd --recover}: stages the segments a crash (a power cut, {@code kill -9}) left in
 * {@code tmp/}, then exits. telemprobd acknowledges a record once it is durable in a segment and
 * seals the segment into {@code staging/} a few milliseconds later; a crash in between leaves
 * acknowledged records in {@code tmp/}, which telemprobd's own start recovers. Socket-activated,
 * that start waits for the next probe, days on a quiet machine. {@code telemprobd-recover.service}
 * runs this at boot when {@code tmp/} is not empty, so telempostd sends them at once.
 */
final class RecoverRun {
  private RecoverRun() {}

  /**
   * Returns the exit status: 0 when {@code tmp/} is done with or a daemon owns it; 1 when it cannot
   * be, or when {@code user} is root in a spool another user owns: the files root would stage could
   * not be read by the daemons, which run as that user.
   */
  static int run(Layout layout, TimeSource time, Log log, String user) {
    if (!Files.isDirectory(layout.tmpDir(), LinkOption.NOFOLLOW_LINKS)) {
      log.info("nothing to recover: no directory " + layout.tmpDir());
      return 0;
    }
    String owner = owner(layout.spoolDir());
    if (user.equals("root") && !owner.isEmpty() && !owner.equals("root")) {
      log.error(
          "not recovering as root in "
              + layout.spoolDir()
              + ", which "
              + owner
              + " owns: the daemons could not read what root stages; run"
              + " 'systemctl start telemprobd-recover.service' or 'runuser -u "
              + owner
              + " -- telemprobd --recover'");
      return 1;
    }
    InstanceLock.Outcome lock = TmpDirLock.take(layout);
    if (lock instanceof InstanceLock.Busy busy) {
      log.info(
          "telemprobd is running on "
              + layout.spoolDir()
              + " (it holds "
              + busy.file().getFileName()
              + "): it recovered "
              + layout.tmpDir()
              + " at its start");
      return 0;
    }
    try {
      SpoolDirectories.prepare(layout.stagingDir(), time.wall().instant()).ifPresent(log::warning);
      TmpDirRecovery.Outcome found = TmpDirRecovery.recover(layout, time, log, lock);
      log.info(
          "staged "
              + found.records()
              + " acknowledged records from "
              + layout.tmpDir()
              + " into "
              + layout.stagingDir());
      return 0;
    } catch (IOException e) {
      log.error("cannot recover " + FileErrors.about(layout.tmpDir(), e));
      return 1;
    } finally {
      if (lock instanceof InstanceLock.Held held) {
        held.lock().close();
      }
    }
  }

  /** The name of the directory's owner; empty when it cannot be read. */
  private static String owner(Path dir) {
    try {
      return Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }
}

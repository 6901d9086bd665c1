package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.Path;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;

/**
 * Puts a record back in line with its next attempt, and notes that attempt on disk if the disk
 * allows (else only in memory: a restart then starts its backoff again). A record that shares its
 * file is moved out to one of its own first, so the others' file can go once they are settled
 * instead of waiting (and being sent again after a kill) for its retries.
 */
final class Requeue {
  private final Layout layout;
  private final DiskWrites disk;
  private final DueScheduler scheduler;
  private final SettledLogs settledLogs;
  private final LogThrottle throttle;
  private final TimeSource time;

  Requeue(
      Layout layout,
      DiskWrites disk,
      DueScheduler scheduler,
      SettledLogs settledLogs,
      LogThrottle throttle,
      TimeSource time) {
    this.layout = layout;
    this.disk = disk;
    this.scheduler = scheduler;
    this.settledLogs = settledLogs;
    this.throttle = throttle;
    this.time = time;
  }

  void requeue(QueuedRecord r, RetryState next) {
    try {
      if (r.file.records > 1) {
        splitOut(r);
      }
      disk.write(layout.tmpDir(), QueuedReads.retryNote(layout.queueDir(), r.id), next.encode());
    } catch (IOException e) {
      throttle.log(
          Log.Level.WARNING,
          "retry-note",
          "cannot note the retry of record "
              + r.id
              + ": "
              + FileErrors.describe(e)
              + "; its backoff is kept in memory");
    } finally {
      r.heldBack = true;
      scheduler.requeue(r, next);
    }
  }

  private void splitOut(QueuedRecord r) throws IOException {
    Path own = layout.queueDir().resolve(r.id);
    disk.write(layout.tmpDir(), own, QueuedReads.entryBytes(r));
    QueueFile shared = r.file;
    if (scheduler.moveToOwnFile(r, new QueueFile(own, 1, time.nanos(), disk))) {
      shared.delete();
    } else {
      settledLogs.note(shared, r.id); // it is in its own file now
    }
  }
}

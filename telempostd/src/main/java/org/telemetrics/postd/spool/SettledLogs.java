package org.telemetrics.postd.spool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;

/**
 * The settled records of multi-record files not yet in their {@code .settled} logs (see {@link
 * QueueFile}). A log that cannot be written (a full disk) keeps its notes in memory and is tried
 * again; never fatal, at worst those records are sent again after a kill, under their ids.
 */
final class SettledLogs {
  private final TimeSource time;
  private final LogThrottle throttle;
  private final Set<QueueFile> unlogged = new HashSet<>();

  SettledLogs(TimeSource time, LogThrottle throttle) {
    this.time = time;
    this.throttle = throttle;
  }

  /** Notes that {@code id} of {@code file} is settled while others of it are still queued. */
  void note(QueueFile file, String id) {
    boolean waits;
    try {
      waits = file.noteSettled(id, time.nanos());
    } catch (IOException e) {
      waits = true;
      complain(e);
    }
    if (waits) {
      synchronized (this) {
        unlogged.add(file);
      }
    }
  }

  /** Writes the notes of files queued a moment ago, or of all files ({@code all}, at exit). */
  void flush(boolean all) {
    List<QueueFile> due = new ArrayList<>();
    long now = time.nanos();
    synchronized (this) {
      for (Iterator<QueueFile> it = unlogged.iterator(); it.hasNext(); ) {
        QueueFile f = it.next();
        if (all || f.logDue(now)) {
          due.add(f);
          it.remove();
        }
      }
    }
    for (QueueFile f : due) {
      try {
        f.logSettled(now);
      } catch (IOException e) {
        complain(e);
        synchronized (this) {
          unlogged.add(f);
        }
      }
    }
  }

  private void complain(IOException e) {
    throttle.log(
        Log.Level.WARNING,
        "settled-log",
        FileErrors.describe(e) + " (its delivered records would be sent again after a restart)");
  }
}

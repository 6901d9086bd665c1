package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.telemetrics.log.Log;

/**
 * What settling a record does to the files of {@code queue/}: the record is forgotten, its file
 * goes with the last of its records (until then the file's settled log notes it), and its retry
 * note goes. A file that cannot be removed is left over ({@link LeftoverFiles}): the record stays
 * settled and is never sent again by this daemon.
 */
final class SettledFiles {
  private final DueScheduler scheduler;
  private final SettledLogs settledLogs;
  private final LeftoverFiles leftovers;
  private final Path queueDir;
  private final Log log;

  SettledFiles(
      DueScheduler scheduler,
      SettledLogs settledLogs,
      LeftoverFiles leftovers,
      Path queueDir,
      Log log) {
    this.scheduler = scheduler;
    this.settledLogs = settledLogs;
    this.leftovers = leftovers;
    this.queueDir = queueDir;
    this.log = log;
  }

  /** Forgets a settled record and removes what it leaves behind; never throws. */
  void settled(QueuedRecord r) {
    QueueFile file = r.file;
    boolean queued = scheduler.contains(r.id);
    boolean mayHaveSidecar = r.retry != RetryState.NONE; // loaded with one, failed, postponed
    boolean last = scheduler.forget(r);
    if (last) {
      try {
        file.delete();
      } catch (IOException e) {
        leftovers.add(List.of(file.path, file.settledLog()), e);
      }
    } else if (queued) {
      settledLogs.note(file, r.id);
    }
    if (mayHaveSidecar) {
      Path note = QueuedReads.retryNote(queueDir, r.id);
      try {
        Files.deleteIfExists(note);
      } catch (IOException e) {
        leftovers.add(List.of(note), e);
      }
    }
  }

  /** Tries the left-over removals again: now and then, or at exit ({@code atExit}). */
  void removeLeftovers(boolean atExit) {
    if (!atExit) {
      leftovers.retry();
      return;
    }
    int left = leftovers.retryNow();
    if (left > 0) {
      log.warning(
          left
              + " files of settled records could not be removed; the next start sends their"
              + " records again, under the same record ids");
    }
  }
}

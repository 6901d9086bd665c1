package org.telemetrics.probes.journal;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.telemetrics.client.SendResult;
import org.telemetrics.log.Log;
import org.telemetrics.probes.oops.BoundedLineReader;
import org.telemetrics.probes.oops.OopsPayload;

/**
 * The loop over journal entries: each selected entry becomes one record, its message as the payload
 * (without the C probe's {@code MESSAGE=} prefix); the cursor is stored after every entry so a
 * restart resumes after it. Entries logged before the machine was last opted in (the opt-in
 * marker's time) are passed over for good: nothing from before opt-in, or from a time the user had
 * opted out, is ever sent.
 */
final class JournalScan {
  static final String CLASSIFICATION = "org.clearlinux/journal/error";
  static final int SEVERITY = 2;
  static final int OK = 0;
  static final int SEND_FAILED = 75;

  /** Where records go. */
  interface Sender {
    /** µs since the epoch when the machine was opted in, or empty when it is not. */
    Optional<Long> optedInSinceMicros();

    SendResult send(String classification, int severity, String payload);
  }

  private final BoundedLineReader lines;
  private final CursorFile cursorFile;
  private final Optional<String> skipThrough;
  private final String bootId;
  private final BooleanSupplier privacyFiltersOff;
  private final Sender sender;
  private final Log log;

  /** Held from an entry's send until its cursor is stored; fair, so a waiting stop goes first. */
  private final ReentrantLock sending = new ReentrantLock(true);

  private volatile boolean stopping;

  /**
   * @param skipThrough entries up to and including this cursor were handled before (for input that
   *     starts at the beginning; journalctl itself is asked to start after it)
   */
  JournalScan(
      BoundedLineReader lines,
      CursorFile cursorFile,
      Optional<String> skipThrough,
      String bootId,
      BooleanSupplier privacyFiltersOff,
      Sender sender,
      Log log) {
    this.lines = lines;
    this.cursorFile = cursorFile;
    this.skipThrough = skipThrough;
    this.bootId = bootId;
    this.privacyFiltersOff = privacyFiltersOff;
    this.sender = sender;
    this.log = log;
  }

  int run() throws IOException {
    boolean skipping = skipThrough.isPresent();
    String unsaved = null;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (lines.lastLineCut()) {
        log.warning("skipped an entry longer than " + JournalctlFollow.MAX_LINE_BYTES + " bytes");
        continue;
      }
      JournalEntry e;
      try {
        Map<String, String> fields = JournalJson.parse(line);
        e = JournalEntry.of(fields);
      } catch (IllegalArgumentException ex) {
        log.warning("skipped a line: " + ex.getMessage());
        continue;
      }
      if (skipping) {
        skipping = !e.cursor().equals(skipThrough.get());
        continue;
      }
      if (e.selected(bootId, privacyFiltersOff.getAsBoolean())) {
        Optional<Long> since = sender.optedInSinceMicros();
        if (since.isEmpty() || e.realtimeMicros() < since.get()) {
          log.info(
              "an entry logged before opt-in, or before where this run" + " resumes, passed over");
        } else {
          sending.lock();
          try {
            if (stopping) {
              break; // stopped: the entry is the next one sent
            }
            if (!send(e)) {
              if (unsaved != null) {
                cursorFile.store(unsaved, true);
              }
              return SEND_FAILED;
            }
            cursorFile.store(e.cursor(), true);
          } finally {
            sending.unlock();
          }
          unsaved = null;
          continue;
        }
      }
      unsaved = e.cursor();
      if (!lines.hasBuffered()) {
        cursorFile.store(unsaved, false); // about to block: remember the position
        unsaved = null;
      }
    }
    if (unsaved != null) {
      cursorFile.store(unsaved, true);
    }
    return OK;
  }

  /**
   * For the stop (SIGTERM): waits up to {@code maxMillis} for the entry being sent to have its
   * cursor stored, and keeps the scan from sending another, so that a record that reached
   * telemprobd is never sent again after the restart.
   */
  void stopAfterCurrentEntry(long maxMillis) {
    try {
      if (sending.tryLock(maxMillis, TimeUnit.MILLISECONDS)) {
        stopping = true;
        sending.unlock();
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean send(JournalEntry e) {
    String payload = OopsPayload.fit(OopsPayload.printable(e.message()) + "\n");
    SendResult r = sender.send(CLASSIFICATION, SEVERITY, payload);
    if (r.delivered()) {
      return true;
    }
    if (r instanceof SendResult.Rejected rej) {
      log.error("an entry was refused by telemprobd: " + rej.reason());
      return true;
    }
    SendResult.Failed f = (SendResult.Failed) r;
    if (f.failure() == SendResult.Failure.NOT_OPTED_IN) {
      log.info("not opted in: an entry passed over");
      return true;
    }
    log.error("an entry was not sent: " + f.message());
    return false;
  }
}

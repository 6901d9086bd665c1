package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.Path;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.log.Log;
import org.telemetrics.postd.Counters;
import org.telemetrics.postd.journal.Journal;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.disk.DropReason;
import org.telemetrics.spool.disk.JournalOutcome;
import org.telemetrics.usage.UsageOutcome;

/**
 * Writes down how each record left: the journal line, the counters, and for a drop the log line and
 * the loss report's tally. A journal that cannot be written (a full disk) does not hold a record
 * back: it is settled all the same and the failure logged, once in a while.
 */
final class RecordJournal {
  private final Journal journal;
  private final Path journalFile;
  private final Counters counters;
  private final Log log;
  private final LogThrottle throttle;
  private final TimeSource time;
  private final ClockSteps clockSteps;
  private final LossListener loss;
  private final SettlementListener usage;

  RecordJournal(
      Journal journal,
      Path journalFile,
      Counters counters,
      Log log,
      LogThrottle throttle,
      TimeSource time,
      ClockSteps clockSteps,
      LossListener loss,
      SettlementListener usage) {
    this.journal = journal;
    this.journalFile = journalFile;
    this.counters = counters;
    this.log = log;
    this.throttle = throttle;
    this.time = time;
    this.clockSteps = clockSteps;
    this.loss = loss;
    this.usage = usage;
  }

  /**
   * To the usage account, with the wall clock's steps since the acknowledgement left out of its
   * durations.
   */
  private void account(SpoolEntry e, Settlement s, long settledAtMillis) {
    usage.settled(e, stepped(e, s), settledAtMillis);
  }

  private Settlement stepped(SpoolEntry e, Settlement s) {
    return s.stepped(clockSteps.since(e.receivedAtMillis()));
  }

  void outcome(SpoolEntry e, String outcome) {
    try {
      journal.record(e.recordId(), e.record(), outcome, time.millis() / 1000);
    } catch (IOException | RuntimeException ex) {
      throttle.log(
          Log.Level.ERROR,
          "journal",
          "cannot journal record "
              + e.recordId()
              + " ("
              + outcome
              + ") in "
              + journalFile
              + ": "
              + ex.getMessage());
    }
  }

  void localOnly(SpoolEntry e) {
    outcome(e, JournalOutcome.LOCAL_ONLY.label());
    counters.localOnly.incrementAndGet();
    account(e, Settlement.atIntake(UsageOutcome.LOCAL_ONLY, null), time.millis());
  }

  /**
   * The latency runs from telemprobd's acknowledgement ({@code received} of the staged entry:
   * telemprobd sets it when it accepts the record, just before the commit its ack follows) to now,
   * on the wall clock, since both ends are wall-clock times of this machine, less the clock's steps
   * between them: a clock set forward days after a boot is not a delivery that took days.
   */
  void delivered(SpoolEntry e, QueuedRecord r) {
    long now = clockSteps.now(); // the 2xx, before the journal's write; a look at the clocks
    outcome(e, JournalOutcome.DELIVERED.label());
    counters.delivered(e.recordId(), now);
    Settlement settled =
        stepped(
            e,
            Settlement.ofQueued(
                r, UsageOutcome.DELIVERED, null, r.retry().attempts() + 1, r.lastReadMillis));
    // the same steps for the histogram and the usage account: one reading, one latency
    long latency = now - e.receivedAtMillis() - settled.steppedMillis();
    counters.delivery.delivered(e.record().classification(), latency);
    usage.settled(e, settled, now);
  }

  void deadLettered(SpoolEntry e, QueuedRecord r, String status, int attempts) {
    outcome(e, JournalOutcome.deadLetter(status));
    account(
        e,
        Settlement.ofQueued(
            r, UsageOutcome.DEAD_LETTER, Settlement.reasonOf(status), attempts, r.lastReadMillis),
        time.millis());
  }

  /** A record dropped at intake, before it was queued. */
  void dropped(SpoolEntry e, DropReason reason) {
    dropped(e, reason, null);
  }

  /** A record dropped from the queue ({@code r}) or at intake ({@code r} null). */
  void dropped(SpoolEntry e, DropReason reason, QueuedRecord r) {
    long now = time.millis();
    UsageOutcome outcome =
        reason == DropReason.EXPIRED ? UsageOutcome.EXPIRED : UsageOutcome.DROPPED;
    String why = outcome == UsageOutcome.EXPIRED ? null : Settlement.reasonOf(reason.label());
    outcome(e, JournalOutcome.dropped(reason));
    counters.dropped(reason).incrementAndGet();
    log.warning(
        "record "
            + e.recordId()
            + " ("
            + e.record().classification()
            + ") dropped: "
            + reason.label());
    loss.lost(reason, DecodedFile.created(e), e);
    account(
        e,
        r == null
            ? Settlement.atIntake(outcome, why)
            : Settlement.ofQueued(r, outcome, why, r.retry().attempts(), now),
        now);
  }

  /** A file that could not be read was set aside: its records (if any) are lost. */
  void quarantined(long createdEpochSeconds) {
    loss.lost(DropReason.QUARANTINED, createdEpochSeconds, null);
  }

  void duplicate() {
    counters.duplicates.incrementAndGet();
  }

  void taken(int records) {
    counters.taken.addAndGet(records);
  }
}

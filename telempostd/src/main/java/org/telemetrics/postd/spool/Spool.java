package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.AsideNote;
import org.telemetrics.log.Log;
import org.telemetrics.postd.Counters;
import org.telemetrics.postd.PostdSettings;
import org.telemetrics.postd.journal.Journal;
import org.telemetrics.postd.time.ClockStepBound;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.disk.DropReason;

/**
 * The records telempostd is responsible for: taken from staging into {@code queue/}, and settled
 * (delivered, retried, dead-lettered, dropped) on disk. Each step has its owner: start-up ({@link
 * StartupRecovery}), what may enter ({@link Admission}), what is due ({@link DueScheduler}), what
 * is set aside ({@link AsideStore}); the states and why every transition survives a kill are in
 * docs/architecture.md. A record leaves the queue only after a 2xx or an explicit drop, and is
 * journaled first. No failure to write here stops the daemon: a full disk pauses intake and
 * delivery goes on. This class is the parts' one front (the daemon and its senders see nothing
 * else), so it is mostly wiring and one-line hand-offs.
 */
public final class Spool {
  /** How an intake ended. */
  public enum Intake {
    QUEUED,
    DUPLICATE,
    HANDLED,
    QUARANTINED,
    NOT_READY,
    PAUSED,
    GONE
  }

  private final PostdSettings settings;
  private final Layout layout;
  private final RecordJournal journal;
  private final Counters counters;
  private final Log log;
  private final TimeSource time;
  private final DiskWrites disk;
  private final LossListener loss;
  private final DueScheduler scheduler = new DueScheduler();
  private final AsideStore aside;
  private final StagedIntake intake;
  private final SettledLogs settledLogs;
  private final QueuedReads reads;
  private final Requeue requeue;
  private final SettledFiles settledFiles;
  private final Admission admission;
  private final QueueIndexer indexer;
  private final ClockSteps clockSteps;
  private final RecordExpiry expiry;
  private final ClockStepBound clockStep;

  public Spool(
      PostdSettings settings,
      Journal journal,
      Counters counters,
      Log log,
      TimeSource time,
      DiskSpace space,
      DiskWrites disk,
      LogThrottle throttle,
      LossListener loss,
      SettlementListener usage) {
    this.settings = settings;
    this.layout = settings.layout();
    this.clockSteps = new ClockSteps(layout.spoolDir(), journal.bootId(), time, log);
    this.journal =
        new RecordJournal(
            journal, layout.journalFile(), counters, log, throttle, time, clockSteps, loss, usage);
    this.counters = counters;
    this.log = log;
    this.time = time;
    this.disk = disk;
    this.loss = loss;
    this.settledLogs = new SettledLogs(time, throttle);
    this.aside = new AsideStore(layout, disk, counters, log, time, settings.deadLetterLimit());
    this.reads = new QueuedReads(scheduler, this.journal, aside, time, layout.queueDir());
    this.requeue = new Requeue(layout, disk, scheduler, settledLogs, throttle, time);
    this.settledFiles =
        new SettledFiles(
            scheduler, settledLogs, new LeftoverFiles(time, log, throttle), layout.queueDir(), log);
    this.admission =
        new Admission(
            settings.spoolMaxBytes(),
            settings.dropOldestWhenFull(),
            settings.keepFreePercent(),
            space,
            layout.queueDir(),
            scheduler,
            time,
            throttle,
            Admission.recordsThatFit(Runtime.getRuntime().maxMemory()));
    this.expiry = new RecordExpiry(settings.recordExpirySeconds(), time, clockSteps);
    this.clockStep = new ClockStepBound(settings.retryMax().toMillis());
    this.indexer =
        new QueueIndexer(layout.queueDir(), scheduler, aside, counters, time, disk, loss, expiry);
    this.intake =
        new StagedIntake(
            layout,
            settings.serverDelivery(),
            expiry,
            scheduler,
            admission,
            aside,
            this.journal,
            disk,
            time,
            this::dropOldest);
  }

  /** Creates the directories and indexes what {@code queue/} holds from an earlier run. */
  public void open() throws IOException {
    clockSteps.load(); // before the queue is indexed: its records' ages leave out the steps
    new StartupRecovery(layout, scheduler, aside, log, time, indexer, admission.maxRecords()).run();
  }

  /** Indexes files of {@code queue/} that did not fit at start, as far as they fit now. */
  public void indexDeferred() throws IOException {
    indexer.indexDeferred(admission.maxRecords());
  }

  /** Files of {@code queue/} not indexed yet: see {@link #indexDeferred}. */
  public int deferredFiles() {
    return indexer.deferred();
  }

  /** Takes one staged (or C-format) file into the queue: {@link StagedIntake}. */
  public Intake intake(Path file, boolean legacy) throws IOException {
    return intake.take(file, legacy);
  }

  private boolean dropOldest(DropReason reason) throws IOException {
    QueuedRecord oldest = scheduler.oldestNotInFlight();
    if (oldest == null) {
      return false;
    }
    SpoolEntry e = read(oldest);
    if (e != null) {
      drop(oldest, e, reason);
    }
    return true;
  }

  /** The record due first, if due at {@code nowMillis}; it is then in flight until settled. */
  public QueuedRecord takeDue(long nowMillis) {
    return scheduler.takeDue(nowMillis);
  }

  /**
   * A record due later than any wait allows was scheduled by a clock that has been set back
   * (ClockStepBound; the next minute of the rate limit is within it too): it is due within the
   * longest backoff instead. Asked before the first take too, so a retry note a restart reads
   * follows the same rule.
   */
  private void pullBackAfterClockJump(long nowMillis) {
    int pulled = scheduler.pullBack(clockStep.latest(nowMillis), clockStep.pulledBack(nowMillis));
    if (pulled > 0) {
      log.warning(
          "the clock went back: "
              + pulled
              + " queued records were due later than any wait allows; they are due within "
              + clockStep.longestMillis() / 1000
              + " s");
    }
  }

  /** Milliseconds until the next record is due; -1 if none is waiting. */
  public long millisToNextDue(long nowMillis) {
    clockSteps.observe();
    pullBackAfterClockJump(nowMillis); // asked every turn of the loop, before any take
    return scheduler.millisToNextDue(nowMillis);
  }

  /**
   * Reads a taken record for sending; null if its file went bad. A damaged file is quarantined
   * whole, and the records still queued from it are forgotten with it (and counted as lost).
   */
  public SpoolEntry read(QueuedRecord r) throws IOException {
    return reads.read(r);
  }

  /** 2xx: journal, then forget. A kill between the two re-sends it under the same id. */
  public void delivered(QueuedRecord r, SpoolEntry e) {
    journal.delivered(e, r);
    settled(r);
  }

  /** A failed attempt, with the retry policy's next attempt: back in line ({@link Requeue}). */
  public void failed(QueuedRecord r, RetryState next) {
    counters.retried.incrementAndGet();
    requeue.requeue(r, next);
  }

  /**
   * Back in line to be sent in a request of its own ({@code next} is {@link RetryState#alone()}),
   * not a failed attempt: an OTLP partial success did not say whether this record was rejected.
   * Persisted like a retry, so that a restart goes on isolating it.
   */
  public void isolate(QueuedRecord r, RetryState next) {
    requeue.requeue(r, next);
  }

  /** Not attempted (rate limit or paused server): back in line, due at {@code atMillis}. */
  public void postpone(QueuedRecord r, long atMillis) {
    r.heldBack = true;
    scheduler.postpone(r, atMillis);
  }

  /** After an outage: records held back only by the outage are due again now. */
  public void endOutage(long nowMillis) {
    scheduler.endOutage(nowMillis);
  }

  /** See {@link SettledLogs}; called by the daemon's loop, and with {@code all} at exit. */
  public void logSettled(boolean all) {
    settledLogs.flush(all);
  }

  /** Returns a taken record unchanged (shutdown). */
  public void untake(QueuedRecord r) {
    scheduler.requeue(r, r.retry);
  }

  /**
   * A permanent refusal: kept in {@code dead-letter/} with the reason, never retried. {@code
   * httpStatus} is the status of the last attempt, for the metrics (empty: no answer).
   */
  public void deadLetter(
      QueuedRecord r,
      SpoolEntry e,
      String status,
      String reason,
      int attempts,
      Optional<Integer> httpStatus)
      throws IOException {
    Path target =
        aside.deadLetter(
            r.id,
            SpoolFileFormat.encode(e),
            AsideNote.deadLetter(r.id, status, reason, time.wall().instant().toString(), attempts));
    journal.deadLettered(e, r, status, attempts);
    counters.deadLettered.incrementAndGet();
    counters.delivery.deadLettered(httpStatus);
    counters.error("record " + r.id + " dead-lettered: " + reason, time.millis());
    log.warning(
        "record "
            + r.id
            + " ("
            + e.record().classification()
            + ") refused by the server"
            + " ("
            + reason
            + "); moved to "
            + target);
    settled(r);
  }

  /** Drops a record that is waiting or in flight, journaled and counted. */
  public void drop(QueuedRecord r, SpoolEntry e, DropReason reason) {
    journal.dropped(e, reason, r);
    settled(r);
  }

  /** Forgets a settled record: {@link SettledFiles}. */
  private void settled(QueuedRecord r) {
    settledFiles.settled(r);
  }

  /** Tries again to remove what settled records left over: now and then, and at exit. */
  public void removeLeftovers(boolean atExit) {
    settledFiles.removeLeftovers(atExit);
  }

  /** Whether the record is past {@code record_expiry} (see RecordExpiry). */
  public boolean expired(QueuedRecord r) {
    return expiry.passed(r.expiresAtNanos);
  }

  public int size() {
    return scheduler.size();
  }

  public long usedBytes() {
    return scheduler.usedBytes();
  }

  /** When telemprobd acknowledged the oldest queued record; empty when none is queued. */
  public OptionalLong oldestAcknowledgedMillis() {
    return scheduler.oldestReceivedMillis();
  }

  /** Queued records that failed at least once and wait to be tried again (or are being). */
  public int retriesPending() {
    return scheduler.retrying();
  }

  public int deadLetterCount() {
    return aside.deadLetterCount();
  }
}

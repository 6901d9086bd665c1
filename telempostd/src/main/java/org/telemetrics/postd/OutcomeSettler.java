package org.telemetrics.postd;

import java.io.IOException;
import java.util.List;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.log.Log;
import org.telemetrics.postd.delivery.AttemptOutcome;
import org.telemetrics.postd.delivery.OutageGate;
import org.telemetrics.postd.delivery.Outcome;
import org.telemetrics.postd.delivery.RetryPolicy;
import org.telemetrics.postd.spool.QueuedRecord;
import org.telemetrics.postd.spool.RetryState;
import org.telemetrics.postd.spool.Spool;
import org.telemetrics.spool.SpoolEntry;

/**
 * What a request's outcome does to each of its records. Every failure, a server's answer or an
 * exception of ours, goes through the one {@link RetryPolicy}: a failing record waits alone (its
 * own backoff); only a failing server pauses everything ({@link OutageGate}). A request's outcome
 * holds for each of its records, and each goes on with its own retry state. A partial success that
 * rejected some of them without saying which ({@link Outcome.SomeRejected}) settles none: each is
 * noted to go alone ({@link RetryState#alone()}, kept on disk) and is then sent in a request of its
 * own, whose answer is exact.
 */
final class OutcomeSettler {
  private final Spool spool;
  private final RetryPolicy policy;
  private final OutageGate outage;
  private final TimeSource time;
  private final Counters counters;
  private final Log log;
  private final LogThrottle throttle;

  OutcomeSettler(
      Spool spool,
      RetryPolicy policy,
      OutageGate outage,
      TimeSource time,
      Counters counters,
      Log log,
      LogThrottle throttle) {
    this.spool = spool;
    this.policy = policy;
    this.outage = outage;
    this.time = time;
    this.counters = counters;
    this.log = log;
    this.throttle = throttle;
  }

  /** A record of a request: how it is queued, and what was read of it. */
  record Sent(QueuedRecord record, SpoolEntry entry) {}

  /** An exception of ours while sending or settling: a failure the retry policy handles. */
  void retryAfterException(QueuedRecord r, Exception ex) {
    throttle.log(
        Log.Level.ERROR,
        "send-" + ex.getClass().getName(),
        "record " + r.id() + ": " + ex + "; it is retried with backoff");
    RetryPolicy.Decision d =
        policy.decide(r.retry().attempts(), RetryPolicy.unexpected(ex), time.millis());
    long at =
        d instanceof RetryPolicy.Retry retry
            ? retry.atMillis()
            : time.millis() + policy.maxDelayMillis(); // giving up failed too: wait the longest
    spool.failed(
        r, new RetryState(r.retry().attempts() + 1, at, false, ex.toString(), r.retry().alone()));
  }

  /**
   * A partial success that does not say which records were rejected: each goes again alone, due now
   * and without counting as a failed attempt. Its note is written before it is back in line; one
   * that cannot be written leaves the record to be batched again after a restart (it may then be
   * isolated a second time, never lost).
   */
  void isolate(List<Sent> sent, Outcome.SomeRejected some) {
    long now = time.millis();
    endOutageIfAnswered(now);
    counters.otlpIsolations.incrementAndGet();
    counters.error(some.reason(), now);
    log.warning("HTTP " + some.status() + " " + some.reason());
    for (Sent s : sent) {
      RetryState r = s.record().retry();
      spool.isolate(s.record(), new RetryState(r.attempts(), now, false, some.reason(), true));
    }
  }

  /** Settles every record of a request with its outcome; the outage is told once. */
  void settle(List<Sent> sent, Outcome outcome) {
    long now = time.millis();
    if (outcome instanceof Outcome.Transient t && t.serverDown()) {
      long pause = outage.failed(t, now);
      if (pause >= 0) {
        log.warning("server unavailable (" + t.reason() + "); pausing sends for " + pause + " ms");
      }
    } else {
      endOutageIfAnswered(now);
    }
    for (Sent s : sent) {
      try {
        settle(s.record(), s.entry(), outcome, now);
      } catch (IOException | RuntimeException ex) {
        retryAfterException(s.record(), ex);
      }
    }
  }

  /** An answer that is not the server failing ends an outage, if there was one. */
  private void endOutageIfAnswered(long now) {
    if (outage.answered()) {
      log.info("server is answering again; sending the backlog of " + spool.size() + " records");
      spool.endOutage(now);
    }
  }

  private void settle(QueuedRecord r, SpoolEntry e, Outcome outcome, long now) throws IOException {
    if (outcome instanceof Outcome.Delivered d) {
      spool.delivered(r, e);
      if (log.enabled(Log.Level.DEBUG)) { // a line per record: not even built unless wanted
        log.debug("record " + r.id() + " delivered (HTTP " + d.status() + ")");
      }
      return;
    }
    RetryPolicy.Decision decision = policy.decide(r.retry().attempts(), outcome, now);
    if (decision instanceof RetryPolicy.GiveUp g) {
      spool.deadLetter(
          r, e, g.status(), g.reason(), g.attempts(), AttemptOutcome.statusOf(outcome));
    } else if (decision instanceof RetryPolicy.Retry retry) {
      Outcome.Transient t = (Outcome.Transient) outcome;
      long at = t.serverDown() ? Math.max(now, outage.pausedUntil()) : retry.atMillis();
      spool.failed(
          r, new RetryState(retry.attempts(), at, t.serverDown(), t.reason(), r.retry().alone()));
      counters.error("record " + r.id() + ": " + t.reason(), now);
      log.info(
          "record "
              + r.id()
              + " attempt "
              + retry.attempts()
              + " failed ("
              + t.reason()
              + "); next in "
              + (at - now)
              + " ms");
    }
  }
}

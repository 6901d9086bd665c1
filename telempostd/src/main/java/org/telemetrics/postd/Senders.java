package org.telemetrics.postd;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.http.HttpRecordFormat;
import org.telemetrics.log.Log;
import org.telemetrics.postd.delivery.AttemptOutcome;
import org.telemetrics.postd.delivery.HttpPoster;
import org.telemetrics.postd.delivery.OutageGate;
import org.telemetrics.postd.delivery.OutageGates;
import org.telemetrics.postd.delivery.Outcome;
import org.telemetrics.postd.delivery.RetryPolicy;
import org.telemetrics.postd.ratelimit.RateLimiter;
import org.telemetrics.postd.spool.QueuedRecord;
import org.telemetrics.postd.spool.RetryState;
import org.telemetrics.postd.spool.Spool;
import org.telemetrics.postd.time.LogThrottle;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.disk.DropReason;

/**
 * Up to {@code post_parallelism} senders: each takes the next due record itself (so a busy queue
 * does not wake the loop for every record), posts it and settles the outcome. Every failure, a
 * server's answer or an exception of ours, goes through the one {@link RetryPolicy}: a failing
 * record waits alone (its own backoff); only a failing server pauses everything ({@link
 * OutageGate}), and then one request at a time tests whether it is back. With {@code
 * post_format=otlp} a sender takes several due records into one request (up to {@code
 * otlp_batch_records} and {@code otlp_batch_bytes}); its outcome then holds for each of them, and
 * each goes on with its own retry state. A partial success that rejected some of them without
 * saying which ({@link Outcome.SomeRejected}) settles none: each is noted to go alone ({@link
 * RetryState#alone()}, kept on disk) and is then sent in a request of its own, whose answer is
 * exact.
 */
final class Senders implements AutoCloseable {
  private final PostdSettings settings;
  private final Spool spool;
  private final Counters counters;
  private final Log log;
  private final LogThrottle throttle;
  private final TimeSource time;
  private final RetryPolicy policy;
  private final OutageGate outage;
  private final RateLimiter limiter;
  private final Runnable onIdle;
  private final ExecutorService workers;
  private final AtomicInteger inFlight = new AtomicInteger();
  private HttpPoster poster; // made on first use: an idle daemon loads no HTTP or TLS classes
  private volatile boolean stopping;

  Senders(
      PostdSettings settings,
      Spool spool,
      Counters counters,
      Log log,
      LogThrottle throttle,
      TimeSource time,
      RetryPolicy policy,
      RateLimiter limiter,
      Runnable onIdle)
      throws IOException, GeneralSecurityException {
    this.settings = settings;
    this.spool = spool;
    this.counters = counters;
    this.log = log;
    this.throttle = throttle;
    this.time = time;
    this.policy = policy;
    // the pause is kept by server; every record goes to the one configured server
    this.outage = new OutageGates(policy).of(settings.server());
    this.limiter = limiter;
    this.onIdle = onIdle;
    if (settings.caInfo().isPresent() || settings.clientCert().isPresent()) {
      this.poster = new HttpPoster(settings, time.wall()); // certificate problems show at start
    }
    this.workers =
        Executors.newFixedThreadPool(
            settings.parallelism(),
            r -> {
              Thread t = new Thread(r, "post");
              t.setDaemon(true);
              return t;
            });
  }

  int inFlight() {
    return inFlight.get();
  }

  /** Milliseconds until something may be sent; -1 when nothing waits or all senders are busy. */
  long nextDispatchMillis(long now) {
    if (inFlight.get() >= settings.parallelism()) {
      return -1;
    }
    long due = spool.millisToNextDue(now);
    return due < 0 ? -1 : outage.delay(due, now, inFlight.get());
  }

  /** Starts senders for due records while there is capacity and the server and limits allow. */
  void dispatch() throws IOException {
    if (spool.millisToNextDue(time.millis()) != 0) {
      return;
    }
    if (poster == null) {
      long now = time.millis();
      if (!outage.mayStart(now, inFlight.get())) {
        return;
      }
      try {
        poster = new HttpPoster(settings, time.wall());
      } catch (GeneralSecurityException | IOException | RuntimeException e) {
        // like a server that cannot be reached: sending pauses and is tried again later
        long pause =
            outage.failed(
                new Outcome.Transient(
                    "cannot set up the HTTP client: " + e.getMessage(), true, Optional.empty()),
                now);
        throttle.log(
            Log.Level.ERROR,
            "http-client",
            "cannot set up the HTTP client: "
                + e.getMessage()
                + "; trying again in "
                + Math.max(pause, 0)
                + " ms or more");
        return;
      }
    }
    while (inFlight.get() < settings.parallelism()) {
      Send first = nextSend();
      if (first == null) {
        return;
      }
      inFlight.incrementAndGet();
      workers.execute(() -> sendWhileDue(first));
      if (outage.isDown()) {
        return; // one probe at a time while the server is failing
      }
    }
  }

  /** A record to send now, with its rate-limit permit. */
  private record Send(QueuedRecord record, RateLimiter.Permit permit) {}

  /**
   * The next record that may be sent now, dropping expired and (by strategy) rate-limited ones on
   * the way; null when none may. Called by the loop and by senders between two sends.
   */
  private Send nextSend() throws IOException {
    while (true) {
      long now = time.millis();
      if (!outage.mayStart(now, inFlight.get())) {
        return null;
      }
      QueuedRecord r = spool.takeDue(now);
      if (r == null) {
        return null;
      }
      if (spool.expired(r.createdEpochSeconds())) {
        drop(r, DropReason.EXPIRED);
        continue;
      }
      RateLimiter.Permit permit = limiter.tryAcquire(r.recordBytes());
      if (permit == null) {
        if (settings.dropWhenRateLimited()) {
          drop(r, DropReason.RATE_LIMIT);
        } else {
          spool.postpone(r, now + limiter.nanosToNextMinute() / 1_000_000 + 1);
        }
        continue;
      }
      return new Send(r, permit);
    }
  }

  private void drop(QueuedRecord r, DropReason reason) throws IOException {
    SpoolEntry e = spool.read(r);
    if (e != null) {
      spool.drop(r, e, reason);
    }
  }

  /** Sends until nothing is due, the server fails or the daemon stops. */
  private void sendWhileDue(Send first) {
    try {
      Send next = first;
      while (next != null) {
        send(batchFrom(next));
        next = stopping || outage.isDown() ? null : nextSend();
      }
    } catch (IOException | RuntimeException ex) {
      throttle.log(Log.Level.ERROR, "next-send", "choosing the next record to send: " + ex);
    } finally {
      inFlight.decrementAndGet();
      onIdle.run();
    }
  }

  /**
   * {@code first} and, with otlp, the records due after it, as many as one request may hold; a
   * record that would pass the byte bound goes back in line (first in the next request), and so do
   * records that must go alone (passed over, at most as many as a request holds).
   */
  private List<Send> batchFrom(Send first) throws IOException {
    List<Send> batch = new ArrayList<>();
    batch.add(first);
    if (settings.format() != HttpRecordFormat.Kind.OTLP || first.record().retry().alone()) {
      return batch;
    }
    List<Send> passedOver = new ArrayList<>();
    try {
      long bytes = first.record().recordBytes();
      while (batch.size() < settings.otlp().batchRecords()
          && passedOver.size() < settings.otlp().batchRecords()
          && !stopping) {
        Send next = nextSend();
        if (next == null) {
          break;
        }
        if (next.record().retry().alone()) {
          passedOver.add(next);
          continue;
        }
        if (bytes + next.record().recordBytes() > settings.otlp().batchBytes()) {
          passedOver.add(next);
          break;
        }
        bytes += next.record().recordBytes();
        batch.add(next);
      }
    } finally {
      for (Send s : passedOver) {
        spool.untake(s.record());
        limiter.release(s.permit());
      }
    }
    return batch;
  }

  /** A record of a request: how it is queued, and what was read of it. */
  private record Sent(QueuedRecord record, SpoolEntry entry) {}

  /** Sends one request and settles each of its records; failures go to the retry policy. */
  private void send(List<Send> batch) {
    List<Sent> sent = new ArrayList<>(batch.size());
    boolean delivered = false;
    try {
      for (Send s : batch) {
        SpoolEntry e = readForSend(s.record());
        if (e != null) {
          sent.add(new Sent(s.record(), e));
        }
      }
      if (sent.isEmpty()) {
        return;
      }
      Outcome outcome = poster.post(sent.stream().map(Sent::entry).toList());
      for (int i = 0; i < sent.size(); i++) {
        counters.delivery.attempted(AttemptOutcome.of(outcome));
      }
      delivered = outcome instanceof Outcome.Delivered;
      if (outcome instanceof Outcome.SomeRejected some) {
        isolate(sent, some);
      } else {
        settle(sent, outcome);
      }
    } catch (RuntimeException ex) {
      for (Sent s : sent) {
        retryAfterException(s.record(), ex);
      }
    } finally {
      if (!delivered) {
        for (Send s : batch) {
          limiter.release(s.permit());
        }
      }
    }
  }

  /** The record's entry; null when its file went bad, or reading failed (then retried). */
  private SpoolEntry readForSend(QueuedRecord r) {
    try {
      return spool.read(r);
    } catch (IOException | RuntimeException ex) {
      retryAfterException(r, ex);
      return null;
    }
  }

  /** An exception of ours while sending or settling: a failure the retry policy handles. */
  private void retryAfterException(QueuedRecord r, Exception ex) {
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
  private void isolate(List<Sent> sent, Outcome.SomeRejected some) {
    long now = time.millis();
    if (outage.answered()) {
      log.info("server is answering again; sending the backlog of " + spool.size() + " records");
      spool.endOutage(now);
    }
    counters.otlpIsolations.incrementAndGet();
    counters.error(some.reason(), now);
    log.warning("HTTP " + some.status() + " " + some.reason());
    for (Sent s : sent) {
      RetryState r = s.record().retry();
      spool.isolate(s.record(), new RetryState(r.attempts(), now, false, some.reason(), true));
    }
  }

  /** Settles every record of a request with its outcome; the outage is told once. */
  private void settle(List<Sent> sent, Outcome outcome) {
    long now = time.millis();
    if (!(outcome instanceof Outcome.Transient t && t.serverDown()) && outage.answered()) {
      log.info("server is answering again; sending the backlog of " + spool.size() + " records");
      spool.endOutage(now);
    }
    if (outcome instanceof Outcome.Transient t && t.serverDown()) {
      long pause = outage.failed(t, now);
      if (pause >= 0) {
        log.warning("server unavailable (" + t.reason() + "); pausing sends for " + pause + " ms");
      }
    }
    for (Sent s : sent) {
      try {
        settle(s.record(), s.entry(), outcome, now);
      } catch (IOException | RuntimeException ex) {
        retryAfterException(s.record(), ex);
      }
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

  /** Senders finish their current record and take no more. */
  void stop() {
    stopping = true;
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (poster != null) {
      poster.close();
    }
  }
}

package org.telemetrics.postd;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.postd.DueRecordPicker.Send;
import org.telemetrics.postd.OutcomeSettler.Sent;
import org.telemetrics.postd.delivery.AttemptOutcome;
import org.telemetrics.postd.delivery.OutageGate;
import org.telemetrics.postd.delivery.OutageGates;
import org.telemetrics.postd.delivery.Outcome;
import org.telemetrics.postd.delivery.RetryPolicy;
import org.telemetrics.postd.ratelimit.RateLimiter;
import org.telemetrics.postd.spool.QueuedRecord;
import org.telemetrics.postd.spool.Spool;
import org.telemetrics.spool.SpoolEntry;

/**
 * Up to {@code post_parallelism} senders: each takes the next due record itself (so a busy queue
 * does not wake the loop for every record), with otlp the records that fit one request ({@link
 * DueRecordPicker}), posts them ({@link LazyPoster}) and settles the outcome of each ({@link
 * OutcomeSettler}). While the server is failing ({@link OutageGate}) one request at a time tests
 * whether it is back.
 */
final class Senders implements AutoCloseable {
  private final PostdSettings settings;
  private final Spool spool;
  private final Counters counters;
  private final LogThrottle throttle;
  private final TimeSource time;
  private final OutageGate outage;
  private final RateLimiter limiter;
  private final DueRecordPicker picker;
  private final OutcomeSettler settler;
  private final Runnable onIdle;
  private final ExecutorService workers;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LazyPoster poster;
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
    this.throttle = throttle;
    this.time = time;
    // the pause is kept by server; every record goes to the one configured server
    this.outage = new OutageGates(policy).of(settings.server());
    this.limiter = limiter;
    this.picker =
        new DueRecordPicker(settings, spool, time, outage, limiter, inFlight::get, () -> stopping);
    this.settler = new OutcomeSettler(spool, policy, outage, time, counters, log, throttle);
    this.onIdle = onIdle;
    this.poster = new LazyPoster(settings, time, outage, throttle);
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
    if (!poster.ready(inFlight.get())) {
      return;
    }
    while (inFlight.get() < settings.parallelism()) {
      Send first = picker.nextSend();
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

  /** Sends until nothing is due, the server fails or the daemon stops. */
  private void sendWhileDue(Send first) {
    try {
      Send next = first;
      while (next != null) {
        send(picker.batchFrom(next));
        next = stopping || outage.isDown() ? null : picker.nextSend();
      }
    } catch (IOException | RuntimeException ex) {
      throttle.log(
          Log.Level.ERROR,
          "next-send",
          "choosing the next record to send: " + FileErrors.describeAny(ex));
    } finally {
      inFlight.decrementAndGet();
      onIdle.run();
    }
  }

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
        settler.isolate(sent, some);
      } else {
        settler.settle(sent, outcome);
      }
    } catch (RuntimeException ex) {
      for (Sent s : sent) {
        settler.retryAfterException(s.record(), ex);
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
      settler.retryAfterException(r, ex);
      return null;
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
    poster.close();
  }
}

package org.telemetrics.benchmarks.fleet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.telemetrics.postd.delivery.OutageGate;
import org.telemetrics.postd.delivery.OutageGates;
import org.telemetrics.postd.delivery.Outcome;
import org.telemetrics.postd.delivery.RetryPolicy;
import org.telemetrics.postd.ratelimit.RateLimiter;
import org.telemetrics.spool.disk.DropReason;

/**
 * telempostd on one machine, as far as the backend can tell: its spool (quota, expiry) and what its
 * senders do (Senders.dispatch, DueRecordPicker.nextSend and batchFrom), driven by the simulation's
 * clock. The decisions are made by telempostd's own classes: the {@link OutageGate} of the server
 * (from {@link OutageGates}, with a {@link RetryPolicy} on this machine's generator) and the {@link
 * RateLimiter}. Both live in the daemon's memory, so each run of the daemon (started by
 * telempostd.path, ended by the idle exit) gets new ones; the spool outlives it.
 */
final class MachineSender {
  /** The server of every machine: the pause is kept per server. */
  static final String SERVER = "http://collector:4318/v1/logs";

  /** One request in flight: its records and their rate-limit permits. */
  record Request(long[] records, RateLimiter.Permit[] permits) {}

  /** Told of every record dropped by policy. */
  interface Drops {
    void dropped(long record, DropReason reason);
  }

  private final DeliverySettings settings;
  private final RandomGenerator random;
  private final Drops drops;
  private SpooledRecords spool = new SpooledRecords();

  /** Records the rate limit refused, due again at {@link #heldUntil}. */
  private SpooledRecords postponed = new SpooledRecords();

  private final ArrayDeque<Request> inFlight = new ArrayDeque<>(4);
  private long inFlightBytes;
  private long now;
  private OutageGate gate;
  private RateLimiter limiter;
  private long heldUntil;
  private long takenRecord;
  private RateLimiter.Permit takenPermit;

  MachineSender(DeliverySettings settings, RandomGenerator random, Drops drops) {
    this.settings = settings;
    this.random = random;
    this.drops = drops;
  }

  boolean running() {
    return gate != null;
  }

  /** telempostd starts: a fresh gate and rate limiter, whatever the last run knew. */
  void start() {
    RetryPolicy policy =
        new RetryPolicy(
            settings.retryInitial(), settings.retryMax(), settings.maxAttempts(), random);
    gate = new OutageGates(policy).of(SERVER);
    limiter = new RateLimiter(settings.limits(), () -> now * 1_000_000L);
    heldUntil = 0;
  }

  /** Nothing queued, nothing in flight: the daemon may exit. */
  boolean idle() {
    return spool.isEmpty() && postponed.isEmpty() && inFlight.isEmpty();
  }

  void exit() {
    if (!idle()) {
      throw new IllegalStateException("telempostd exits only with an empty spool");
    }
    gate = null;
    limiter = null;
  }

  /** A record enters the spool; the quota drops the oldest waiting ones (or it) to make room. */
  void intake(long record) {
    long quota = settings.quotaBytes();
    while (quota >= 0
        && spool.bytes() + postponed.bytes() + inFlightBytes + SpooledRecords.bytes(record)
            > quota) {
      if (!settings.dropOldest() || spool.isEmpty() && postponed.isEmpty()) {
        drops.dropped(record, DropReason.SPOOL_FULL);
        return;
      }
      SpooledRecords oldest = postponed.isEmpty() ? spool : postponed;
      drops.dropped(oldest.pollFirst(), DropReason.SPOOL_FULL);
    }
    spool.addLast(record);
  }

  /** The requests the senders start now; empty when the server, the limits or the queue forbid. */
  List<Request> dispatch(long nowMillis) {
    now = nowMillis;
    List<Request> started = new ArrayList<>(2);
    while (inFlight.size() < settings.parallelism() && nextSend(inFlight.size())) {
      Request r = batchFromTaken();
      inFlight.addLast(r);
      started.add(r);
      if (gate.isDown()) {
        break; // one probe at a time while the server is failing
      }
    }
    return started;
  }

  /** The answer to the oldest request in flight (one round trip each: they come back in order). */
  Request settle(Outcome outcome, long nowMillis) {
    if (!(outcome instanceof Outcome.Delivered)
        && !(outcome instanceof Outcome.Transient t && t.serverDown())) {
      throw new IllegalArgumentException("the backend model answers 2xx, 429, 503 or nothing");
    }
    now = nowMillis;
    Request r = inFlight.removeFirst();
    for (long record : r.records()) {
      inFlightBytes -= SpooledRecords.bytes(record);
    }
    if (outcome instanceof Outcome.Delivered) {
      gate.answered();
      return r;
    }
    gate.failed((Outcome.Transient) outcome, nowMillis);
    for (RateLimiter.Permit p : r.permits()) {
      limiter.release(p);
    }
    for (int i = r.records().length - 1; i >= 0; i--) {
      spool.addFirst(r.records()[i]); // due again when the pause is over
    }
    return r;
  }

  /**
   * When a send may start that cannot start now, -1 when only an answer or a new record can make
   * one possible.
   */
  long wakeAt(long nowMillis) {
    if (spool.isEmpty() && postponed.isEmpty() || inFlight.size() >= settings.parallelism()) {
      return -1;
    }
    if (gate.isDown()) {
      return inFlight.isEmpty() ? Math.max(nowMillis, gate.pausedUntil()) : -1;
    }
    return postponed.isEmpty() ? -1 : heldUntil;
  }

  int queued() {
    return spool.size()
        + postponed.size()
        + inFlight.stream().mapToInt(r -> r.records().length).sum();
  }

  /**
   * DueRecordPicker.nextSend: takes the oldest record that may go now into {@link #takenRecord},
   * dropping expired ones on the way. A record the rate limit refuses waits for the next minute (or
   * is dropped, with rate_limit_strategy=drop); Senders then tries each further record in turn,
   * which the record limit refuses as well, so they all wait with it.
   */
  private boolean nextSend(int sendsRunning) {
    if (!postponed.isEmpty() && now >= heldUntil) {
      while (!spool.isEmpty()) {
        postponed.addLast(spool.pollFirst());
      }
      SpooledRecords due = postponed;
      postponed = spool;
      spool = due;
    }
    while (true) {
      if (!gate.mayStart(now, sendsRunning) || spool.isEmpty()) {
        return false;
      }
      long r = spool.pollFirst();
      if (SpooledRecords.createdSecond(r) + settings.expirySeconds() < now / 1000) {
        drops.dropped(r, DropReason.EXPIRED);
        continue;
      }
      RateLimiter.Permit permit = limiter.tryAcquire(SpooledRecords.bytes(r));
      if (permit == null) {
        if (settings.dropWhenRateLimited()) {
          drops.dropped(r, DropReason.RATE_LIMIT);
          continue;
        }
        postponed.addLast(r);
        while (!spool.isEmpty()) {
          postponed.addLast(spool.pollFirst());
        }
        heldUntil = now + limiter.nanosToNextMinute() / 1_000_000 + 1;
        return false;
      }
      takenRecord = r;
      takenPermit = permit;
      return true;
    }
  }

  /**
   * DueRecordPicker.batchFrom: the taken record and, with otlp, those after it that fit one
   * request.
   */
  private Request batchFromTaken() {
    int most = (int) Math.min(settings.batchRecords(), spool.size() + 1L);
    long[] records = new long[most];
    RateLimiter.Permit[] permits = new RateLimiter.Permit[most];
    int n = 0;
    records[n] = takenRecord;
    permits[n++] = takenPermit;
    long bytes = SpooledRecords.bytes(takenRecord);
    // the sender of this request already counts as running, as in Senders
    while (n < most && nextSend(inFlight.size() + 1)) {
      if (bytes + SpooledRecords.bytes(takenRecord) > settings.batchBytes()) {
        spool.addFirst(takenRecord);
        limiter.release(takenPermit);
        break;
      }
      bytes += SpooledRecords.bytes(takenRecord);
      records[n] = takenRecord;
      permits[n++] = takenPermit;
    }
    inFlightBytes += bytes;
    return n == most
        ? new Request(records, permits)
        : new Request(Arrays.copyOf(records, n), Arrays.copyOf(permits, n));
  }
}

package org.telemetrics.postd.delivery;

import org.telemetrics.postd.time.ClockStepBound;

/**
 * Whether the server is failing (no connection, 429, 503, a request that cannot be built): then all
 * sending pauses for the policy's outage pause and one request at a time tests whether it is back.
 * Thread-safe; no I/O.
 */
public final class OutageGate {
  private final RetryPolicy policy;
  private final ClockStepBound clockStep;
  private boolean down;
  private int failures;
  private long pausedUntil;

  public OutageGate(RetryPolicy policy) {
    this.policy = policy;
    this.clockStep = new ClockStepBound(policy.maxDelayMillis());
  }

  public synchronized boolean isDown() {
    return down;
  }

  /** Whether a send may start now, with {@code inFlight} sends running. */
  public synchronized boolean mayStart(long nowMillis, int inFlight) {
    pullBackAfterClockJump(nowMillis);
    return !down || (nowMillis >= pausedUntil && inFlight == 0);
  }

  /**
   * Milliseconds until a send may start given {@code due} for the next record; -1 while the probe
   * of an outage is in flight (its end wakes the caller).
   */
  public synchronized long delay(long due, long nowMillis, int inFlight) {
    if (!down) {
      return due;
    }
    pullBackAfterClockJump(nowMillis);
    return inFlight > 0 ? -1 : Math.max(due, pausedUntil - nowMillis);
  }

  /** The server answered; true if that ends an outage. */
  public synchronized boolean answered() {
    boolean wasDown = down;
    down = false;
    failures = 0;
    return wasDown;
  }

  /**
   * The server failed; returns the pause (ms) if this began an outage (for the log), else -1.
   * Records are not sent again before {@link #pausedUntil()}.
   */
  public synchronized long failed(Outcome.Transient t, long nowMillis) {
    boolean first = !down;
    down = true;
    failures++;
    long pause = policy.outagePauseMillis(failures, t.retryAfter());
    pausedUntil = Math.max(pausedUntil, nowMillis + pause);
    return first ? pause : -1;
  }

  public synchronized long pausedUntil() {
    return pausedUntil;
  }

  /**
   * A pause that ends later than any pause can was reckoned by a clock that has been set back: it
   * ends within the longest backoff instead, as a queued record's wait does (ClockStepBound),
   * rather than pausing every send for the clock's jump.
   */
  private void pullBackAfterClockJump(long nowMillis) {
    if (clockStep.beyond(pausedUntil, nowMillis)) {
      pausedUntil = clockStep.pulledBack(nowMillis);
    }
  }
}

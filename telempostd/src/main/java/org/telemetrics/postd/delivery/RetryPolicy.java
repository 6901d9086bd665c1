package org.telemetrics.postd.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The one retry policy of telempostd, for every way a send can fail: a server's answer, a broken
 * connection, a request that cannot be built, or an unexpected exception. It decides when a
 * record is tried again (backoff with jitter), when it is given up (a permanent refusal, or
 * {@code retry_max_attempts} used up), and how long an outage pauses all sending (Retry-After,
 * capped). It holds no state and does no I/O.
 */
public final class RetryPolicy {
  /** While the server is unreachable it is tested at least this often: one request is cheap. */
  static final long OUTAGE_PROBE_MILLIS = 30_000;

  private final Backoff backoff;
  private final int maxAttempts;

  /** What to do with a record after an attempt. */
  public sealed interface Decision {}

  /** Try again at {@code atMillis}; {@code attempts} made so far. */
  public record Retry(long atMillis, int attempts, String reason) implements Decision {}

  /** Never again: dead-letter it with this status and reason. */
  public record GiveUp(String status, String reason, int attempts) implements Decision {}

  /** @param maxAttempts attempts before giving up; 0 or less tries for ever */
  public RetryPolicy(Duration initial, Duration max, int maxAttempts, RandomGenerator random) {
    this.backoff = new Backoff(initial, max, random);
    this.maxAttempts = maxAttempts;
  }

  /**
   * The decision after attempt number {@code attemptsBefore + 1} of a record came to
   * {@code outcome} (not {@link Outcome.Delivered}).
   */
  public Decision decide(int attemptsBefore, Outcome outcome, long nowMillis) {
    int attempts = attemptsBefore + 1;
    if (outcome instanceof Outcome.Permanent p) {
      return new GiveUp(Integer.toString(p.status()), p.reason(), attempts);
    }
    String reason = outcome instanceof Outcome.Transient t ? t.reason() : outcome.toString();
    if (maxAttempts > 0 && attempts >= maxAttempts) {
      return new GiveUp("retries-exhausted", reason + " after " + attempts + " attempts",
          attempts);
    }
    return new Retry(nowMillis + backoff.delayMillis(attempts), attempts, reason);
  }

  /** An exception while sending is a failure like any other, retried with backoff. */
  public static Outcome.Transient unexpected(Throwable e) {
    return new Outcome.Transient("unexpected failure: " + e, false, Optional.empty());
  }

  /**
   * How long the {@code failures}-th consecutive outage failure pauses all sending: what
   * Retry-After asks (at most the longest backoff), else the backoff, at most
   * {@link #OUTAGE_PROBE_MILLIS}.
   */
  public long outagePauseMillis(int failures, Optional<Duration> retryAfter) {
    return retryAfter.map(d -> Math.min(d.toMillis(), backoff.maxMillis()))
        .orElse(Math.min(backoff.delayMillis(failures), OUTAGE_PROBE_MILLIS));
  }

  /** The longest wait the policy ever asks for. */
  public long maxDelayMillis() {
    return backoff.maxMillis();
  }
}

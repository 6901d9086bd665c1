package org.telemetrics.postd.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The one retry policy of telempostd, for every way a send can fail: a server's answer, a broken
 * connection, a request that cannot be built, or an unexpected exception. It decides when a record
 * is tried again (exponential backoff with full jitter, {@link Backoff}), when it is given up (a
 * permanent refusal, or {@code retry_max_attempts} used up), and how long an outage pauses sending
 * to that server (Retry-After, capped, then spread). Every wait is drawn from the injected
 * generator: a hundred thousand machines that failed together must not retry together. It holds no
 * state but the generator's and does no I/O.
 */
public final class RetryPolicy {
  /** While the server is unreachable it is tested at least this often: one request is cheap. */
  static final long OUTAGE_PROBE_MILLIS = 30_000;

  /** A Retry-After is followed by a random extra wait of up to half its length, at least this. */
  static final long MIN_RETRY_AFTER_SPREAD_MILLIS = 1_000;

  private final Backoff backoff;
  private final int maxAttempts;

  /** What to do with a record after an attempt. */
  public sealed interface Decision {}

  /** Try again at {@code atMillis}; {@code attempts} made so far. */
  public record Retry(long atMillis, int attempts, String reason) implements Decision {}

  /** Never again: dead-letter it with this status and reason. */
  public record GiveUp(String status, String reason, int attempts) implements Decision {}

  /**
   * @param maxAttempts attempts before giving up; 0 or less tries for ever
   */
  public RetryPolicy(Duration initial, Duration max, int maxAttempts, RandomGenerator random) {
    this.backoff = new Backoff(initial, max, random);
    this.maxAttempts = maxAttempts;
  }

  /**
   * The decision after attempt number {@code attemptsBefore + 1} of a record came to {@code
   * outcome} (not {@link Outcome.Delivered}).
   */
  public Decision decide(int attemptsBefore, Outcome outcome, long nowMillis) {
    int attempts = attemptsBefore + 1;
    if (outcome instanceof Outcome.Permanent p) {
      return new GiveUp(Integer.toString(p.status()), p.reason(), attempts);
    }
    String reason = outcome instanceof Outcome.Transient t ? t.reason() : outcome.toString();
    if (maxAttempts > 0 && attempts >= maxAttempts) {
      return new GiveUp("retries-exhausted", reason + " after " + attempts + " attempts", attempts);
    }
    long delay =
        outcome instanceof Outcome.Transient t && t.retryAfter().isPresent()
            ? retryAfterMillis(t.retryAfter().get())
            : backoff.delayMillis(attempts);
    return new Retry(nowMillis + delay, attempts, reason);
  }

  /** An exception while sending is a failure like any other, retried with backoff. */
  public static Outcome.Transient unexpected(Throwable e) {
    return new Outcome.Transient("unexpected failure: " + e, false, Optional.empty());
  }

  /**
   * How long the {@code failures}-th consecutive outage failure pauses sending to the server: what
   * Retry-After asks ({@link #retryAfterMillis}), else a full-jitter draw whose ceiling is the
   * backoff's, at most {@link #OUTAGE_PROBE_MILLIS}.
   */
  public long outagePauseMillis(int failures, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      return retryAfterMillis(retryAfter.get());
    }
    return backoff.uniform(Math.min(backoff.ceilingMillis(failures), OUTAGE_PROBE_MILLIS));
  }

  /**
   * The wait a Retry-After asks for: never shorter than asked (up to the longest backoff, so a
   * server cannot park the queue for days), plus a random part of up to half that (at least {@link
   * #MIN_RETRY_AFTER_SPREAD_MILLIS}), because a server that sheds a fleet tells every client the
   * same number, or the same date.
   */
  public long retryAfterMillis(Duration retryAfter) {
    long asked = Math.max(0, Math.min(retryAfter.toMillis(), backoff.maxMillis()));
    return asked + backoff.uniform(Math.max(MIN_RETRY_AFTER_SPREAD_MILLIS, asked / 2));
  }

  /** The longest backoff ({@code retry_max_delay_ms}); a Retry-After's spread may add to it. */
  public long maxDelayMillis() {
    return backoff.maxMillis();
  }
}

package org.telemetrics.postd.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th failure the ceiling is min(max, initial *
 * 2^(n-1)) and the delay is drawn uniformly from [0, ceiling]. A fleet whose records failed in the
 * same second (one backend outage) therefore comes back spread over the whole ceiling, not in a
 * wave; a fixed factor such as ±20 % would keep the wave.
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private final RandomGenerator random;

  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initialMillis = Math.max(1, initial.toMillis());
    this.maxMillis = Math.max(initialMillis, max.toMillis());
    this.random = random;
  }

  /** The longest delay after {@code failures} consecutive failures (1 = first). */
  public long ceilingMillis(int failures) {
    int doublings = Math.max(0, Math.min(failures - 1, 40));
    return (long) Math.min((double) maxMillis, initialMillis * Math.pow(2, doublings));
  }

  /** Delay before the next attempt after {@code failures} consecutive failures (1 = first). */
  public long delayMillis(int failures) {
    return uniform(ceilingMillis(failures));
  }

  /** A whole number of milliseconds drawn uniformly from [0, {@code ceiling}]. */
  long uniform(long ceiling) {
    if (ceiling <= 0) {
      return 0;
    }
    double u;
    synchronized (random) { // the senders share it; generators are not thread-safe
      u = random.nextDouble();
    }
    return Math.min(ceiling, (long) (u * (ceiling + 1)));
  }

  public long maxMillis() {
    return maxMillis;
  }
}

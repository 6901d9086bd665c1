package org.telemetrics.postd.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th retry waits initial * 2^(n-1), capped, times a random
 * factor in [0.8, 1.2] so that records failing together do not retry together.
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private final RandomGenerator random;

  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initialMillis = initial.toMillis();
    this.maxMillis = Math.max(initial.toMillis(), max.toMillis());
    this.random = random;
  }

  /** Delay before the next attempt after {@code failures} consecutive failures (1 = first). */
  public long delayMillis(int failures) {
    int doublings = Math.max(0, Math.min(failures - 1, 40));
    double base = Math.min((double) maxMillis, initialMillis * Math.pow(2, doublings));
    double jittered = base * (0.8 + 0.4 * random.nextDouble());
    return Math.max(1, Math.min(maxMillis, (long) jittered));
  }

  public long maxMillis() {
    return maxMillis;
  }
}

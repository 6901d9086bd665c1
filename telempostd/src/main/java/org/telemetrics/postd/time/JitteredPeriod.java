package org.telemetrics.postd.time;

import java.util.random.RandomGenerator;

/**
 * When a periodic task of the daemon is due next: each period lasts a time drawn uniformly from
 * half to one and a half times its nominal length (so it is the nominal length on average). Daemons
 * started in the same second (a fleet booted at once) drift apart instead of scanning their disks,
 * often one shared storage, in step. No I/O; the generator is injected.
 */
public final class JitteredPeriod {
  private final long periodMillis;
  private final RandomGenerator random;

  public JitteredPeriod(long periodMillis, RandomGenerator random) {
    if (periodMillis <= 0) {
      throw new IllegalArgumentException("period must be positive: " + periodMillis);
    }
    this.periodMillis = periodMillis;
    this.random = random;
  }

  /** When the task is due next if it ran (or the daemon started) at {@code nowMillis}. */
  public long nextAfter(long nowMillis) {
    return nowMillis + periodMillis / 2 + random.nextLong(periodMillis + 1);
  }
}

package org.telemetrics.metrics;

import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;

/** Samples of the counter totals a daemon persists in its status file (see CounterTotals). */
final class TotalSamples {
  private TotalSamples() {}

  /**
   * The total of {@code key} in {@code status} (0 when absent), labelled with {@code daemon} and
   * {@code labelPairs}, created at {@code since}.
   */
  static Sample of(
      DaemonStatus status, long since, String daemon, String key, String... labelPairs) {
    String[] labels = new String[labelPairs.length + 2];
    labels[0] = "daemon";
    labels[1] = daemon;
    System.arraycopy(labelPairs, 0, labels, 2, labelPairs.length);
    return Sample.of(total(status, key), labels).withCreated(since);
  }

  /** The persisted total of {@code key}; absent, or negative in a damaged file, is 0. */
  static long total(DaemonStatus status, String key) {
    return Math.max(0, status.getLong(key + CounterTotals.SUFFIX).orElse(0));
  }

  /** {@code a + b} for non-negative totals, at most {@link Long#MAX_VALUE} (a damaged file). */
  static long saturatedSum(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}

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
  static Sample of(DaemonStatus status, long since, String daemon, String key,
      String... labelPairs) {
    String[] labels = new String[labelPairs.length + 2];
    labels[0] = "daemon";
    labels[1] = daemon;
    System.arraycopy(labelPairs, 0, labels, 2, labelPairs.length);
    long value = status.getLong(key + CounterTotals.SUFFIX).orElse(0);
    return Sample.of(Math.max(0, value), labels).withCreated(since);
  }
}

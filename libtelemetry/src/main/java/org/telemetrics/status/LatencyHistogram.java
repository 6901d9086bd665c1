package org.telemetrics.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A latency histogram that persists as plain counters ({@link CounterTotals}), so it survives
 * restarts and idle exits like every other count: {@code <name>_b<i>} holds the observations in
 * bucket i alone (i = bounds, the last one, is +Inf), {@code <name>_count} all of them and {@code
 * <name>_sum_us} their sum in microseconds. Readers rebuild the cumulative buckets.
 */
public final class LatencyHistogram {
  /** telemprobd's staging commit (write and fsync), in seconds. */
  public static final List<Double> COMMIT_BOUNDS =
      List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0);

  /** From telemprobd's acknowledgement to the backend's 2xx, retries included, in seconds. */
  public static final List<Double> DELIVERY_BOUNDS =
      List.of(
          0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0, 21600.0,
          86400.0);

  /** The persisted state read back: cumulative counts per upper bound, count and sum. */
  public record Values(List<Double> bounds, List<Long> cumulative, long count, double sumSeconds) {
    public Values {
      bounds = List.copyOf(bounds);
      cumulative = List.copyOf(cumulative);
    }
  }

  private final String name;
  private final List<Double> bounds;
  private final AtomicLongArray buckets;
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong sumMicros = new AtomicLong();

  public LatencyHistogram(String name, List<Double> bounds) {
    this.name = name;
    this.bounds = List.copyOf(bounds);
    this.buckets = new AtomicLongArray(bounds.size() + 1);
  }

  /** Records one observation of {@code nanos} (negative, from a clock step, counts as 0). */
  public void observeNanos(long nanos) {
    long n = Math.max(0, nanos);
    double seconds = n / 1e9;
    int i = 0;
    while (i < bounds.size() && seconds > bounds.get(i)) {
      i++;
    }
    buckets.incrementAndGet(i);
    count.incrementAndGet();
    sumMicros.addAndGet(n / 1000);
  }

  /** This run's counts under their persisted names, for {@link CounterTotals#addTo}. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < buckets.length(); i++) {
      counts.put(name + "_b" + i, buckets.get(i));
    }
    counts.put(name + "_count", count.get());
    counts.put(name + "_sum_us", sumMicros.get());
    return counts;
  }

  /** The totals of histogram {@code name} in {@code status} (zeros when absent). */
  public static Values read(DaemonStatus status, String name, List<Double> bounds) {
    List<Long> cumulative = new ArrayList<>();
    long running = 0;
    for (int i = 0; i <= bounds.size(); i++) {
      running += total(status, name + "_b" + i);
      cumulative.add(running);
    }
    // The count is the +Inf bucket: they are written together, so they only differ in a
    // damaged file, where the buckets are the safer source (cumulative must be monotonic).
    long count = running;
    double sum = total(status, name + "_sum_us") / 1e6;
    return new Values(bounds, cumulative.subList(0, bounds.size()), count, sum);
  }

  private static long total(DaemonStatus status, String key) {
    return Math.max(0, status.getLong(key + CounterTotals.SUFFIX).orElse(0));
  }
}

package org.telemetrics.faults;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts events in one-second buckets of a monotonic clock: how many in all, in a window, and in
 * the busiest second. Used for the backend's request rate and the daemons' log lines.
 */
final class RateMeter {
  private static final long SECOND = 1_000_000_000L;

  private final LongSupplier nanos;
  private final Map<Long, LongAdder> perSecond = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();

  RateMeter() {
    this(System::nanoTime);
  }

  RateMeter(LongSupplier nanos) {
    this.nanos = nanos;
  }

  void tick() {
    add(1);
  }

  void add(long events) {
    if (events <= 0) {
      return;
    }
    perSecond.computeIfAbsent(nanos.getAsLong() / SECOND, k -> new LongAdder()).add(events);
    total.add(events);
  }

  long total() {
    return total.sum();
  }

  /** Events in the busiest second so far. */
  long maxPerSecond() {
    return perSecond.values().stream().mapToLong(LongAdder::sum).max().orElse(0);
  }

  /** Events in the busiest second that began at or after {@code fromNanos}. */
  long maxPerSecondSince(long fromNanos) {
    long first = fromNanos / SECOND + 1;
    return perSecond.entrySet().stream()
        .filter(e -> e.getKey() >= first)
        .mapToLong(e -> e.getValue().sum())
        .max()
        .orElse(0);
  }

  /** Events in the whole seconds from {@code fromNanos} to {@code toNanos}. */
  long countBetween(long fromNanos, long toNanos) {
    long first = fromNanos / SECOND + 1;
    long last = toNanos / SECOND - 1;
    return perSecond.entrySet().stream()
        .filter(e -> e.getKey() >= first && e.getKey() <= last)
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }
}

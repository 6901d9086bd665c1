package org.telemetrics.daemon;

/**
 * A monotonic clock in nanoseconds, for intervals and deadlines. The wall clock ({@link
 * java.time.Clock}) may jump (NTP, an administrator, a suspended VM); intervals measured with it
 * can come out negative or huge. Injected, so tests drive time by hand.
 */
@FunctionalInterface
public interface Ticker {
  /** Nanoseconds from an arbitrary origin; only differences mean anything. */
  long nanos();

  /** {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }

  /** Milliseconds elapsed since {@code startNanos} (a value of {@link #nanos()}). */
  default long millisSince(long startNanos) {
    return (nanos() - startNanos) / 1_000_000;
  }
}

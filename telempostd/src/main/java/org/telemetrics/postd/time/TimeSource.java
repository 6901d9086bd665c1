package org.telemetrics.postd.time;

import java.time.Clock;

/**
 * The one source of time in telempostd: wall-clock time for what is written down (journal,
 * notes, due times that survive a restart) and a monotonic clock for intervals, so a test can
 * move both and a clock step on the host cannot stretch a pause.
 */
public interface TimeSource {
  Clock clock();

  /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
  long nanoTime();

  default long millis() {
    return clock().millis();
  }

  static TimeSource system() {
    Clock utc = Clock.systemUTC();
    return new TimeSource() {
      @Override
      public Clock clock() {
        return utc;
      }

      @Override
      public long nanoTime() {
        return System.nanoTime();
      }
    };
  }
}

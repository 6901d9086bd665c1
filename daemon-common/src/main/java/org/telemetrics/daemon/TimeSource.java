package org.telemetrics.daemon;

import java.time.Clock;

/**
 * The daemons' one source of time: the wall clock for what is stored or compared with file times,
 * the monotonic {@link Ticker} for intervals, deadlines and rate limits. Tests pass fakes of both.
 */
public record TimeSource(Clock wall, Ticker monotonic) {
  public static TimeSource system() {
    return new TimeSource(Clock.systemUTC(), Ticker.system());
  }

  /** Wall-clock milliseconds since the epoch. */
  public long millis() {
    return wall.millis();
  }

  /** Monotonic nanoseconds; only differences mean anything. */
  public long nanos() {
    return monotonic.nanos();
  }
}

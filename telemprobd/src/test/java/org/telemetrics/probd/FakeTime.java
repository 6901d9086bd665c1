package org.telemetrics.probd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.daemon.TimeSource;

/** A wall clock and a monotonic ticker that move only when a test moves them. */
final class FakeTime {
  private final AtomicLong wallMillis;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  FakeTime(long wallMillis) {
    this.wallMillis = new AtomicLong(wallMillis);
  }

  Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(wallMillis.get());
      }
    };
  }

  Ticker ticker() {
    return nanos::get;
  }

  TimeSource source() {
    return new TimeSource(clock(), ticker());
  }

  /** Both clocks move on. */
  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    wallMillis.addAndGet(d.toMillis());
  }

  /** Only the wall clock moves (set by NTP or by hand), forward or back. */
  void setWall(long millis) {
    wallMillis.set(millis);
  }

  long wallMillis() {
    return wallMillis.get();
  }
}

package org.telemetrics.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A wall clock and a monotonic ticker for the daemons' tests: they move only when a test moves
 * them, together ({@link #advance}) or the wall clock alone, as NTP or an administrator sets it.
 */
public final class FakeTime {
  private final AtomicReference<Instant> wall;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  public FakeTime(Instant start) {
    this.wall = new AtomicReference<>(start);
  }

  public FakeTime(long wallMillis) {
    this(Instant.ofEpochMilli(wallMillis));
  }

  /** Both clocks move on. */
  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    wall.updateAndGet(now -> now.plus(d));
  }

  /** Only the wall clock moves, forward or back; the monotonic ticker does not. */
  public void stepWall(Duration d) {
    wall.updateAndGet(now -> now.plus(d));
  }

  /** Only the wall clock is set. */
  public void setWall(long millis) {
    wall.set(Instant.ofEpochMilli(millis));
  }

  public long wallMillis() {
    return wall.get().toEpochMilli();
  }

  public Clock clock() {
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
        return wall.get();
      }
    };
  }

  public Ticker ticker() {
    return nanos::get;
  }

  /** The time source a daemon's parts take. */
  public TimeSource source() {
    return new TimeSource(clock(), ticker());
  }
}

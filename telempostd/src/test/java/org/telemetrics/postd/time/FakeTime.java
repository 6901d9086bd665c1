package org.telemetrics.postd.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.telemetrics.daemon.TimeSource;

/** A wall clock and a monotonic ticker that move only when a test moves them, together. */
public final class FakeTime {
  private volatile Instant now;
  private volatile long nanos = 1_000_000_000L;

  public FakeTime(Instant start) {
    this.now = start;
  }

  public void advance(Duration d) {
    now = now.plus(d);
    nanos += d.toNanos();
  }

  /** Sets the wall clock alone, as NTP steps it; the monotonic ticker does not move. */
  public void stepWall(Duration d) {
    now = now.plus(d);
  }

  /** The time source a daemon's parts take. */
  public TimeSource source() {
    return new TimeSource(
        new Clock() {
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
            return now;
          }
        },
        () -> nanos);
  }
}

package org.telemetrics.postd.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** A time source that moves only when told to: wall clock and monotonic clock together. */
public final class FakeTime implements TimeSource {
  private volatile Instant now;
  private volatile long nanos = 1_000_000_000L;

  public FakeTime(Instant start) {
    this.now = start;
  }

  public void advance(Duration d) {
    now = now.plus(d);
    nanos += d.toNanos();
  }

  @Override
  public Clock clock() {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  @Override
  public long nanoTime() {
    return nanos;
  }
}

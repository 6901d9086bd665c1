package org.telemetrics.postd.ratelimit;

import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The C client's two rate limits, records and bytes per window of minutes, with two fixes: bytes
 * count the real record size (C adds 4 per record), and minutes come from a monotonic clock. A
 * limit of -1 disables it; both disabled (or {@code rate_limit_enabled=false}) disables the
 * limiter. Sends are counted when they start and taken back if they fail, so parallel sends cannot
 * overshoot a limit.
 */
public final class RateLimiter {
  /** The C keys. */
  public record Settings(
      boolean enabled, long recordLimit, int recordWindow, long byteLimit, int byteWindow) {
    boolean active() {
      return enabled && (recordLimit > -1 || byteLimit > -1);
    }
  }

  /** A permit: which minute it was counted in, and how many bytes. */
  public record Permit(long minute, long bytes) {}

  private final Settings settings;
  private final LongSupplier nanoClock;
  private final RateWindow records = new RateWindow();
  private final RateWindow bytes = new RateWindow();

  public RateLimiter(Settings settings, LongSupplier nanoClock) {
    this.settings = settings;
    this.nanoClock = nanoClock;
  }

  public static RateLimiter system(Settings settings) {
    return new RateLimiter(settings, System::nanoTime);
  }

  public boolean active() {
    return settings.active();
  }

  /** A permit for a record of {@code size} bytes, or null when a limit forbids it now. */
  public synchronized Permit tryAcquire(long size) {
    long minute = minute();
    if (!settings.active()) {
      return new Permit(minute, size);
    }
    if (settings.recordLimit() > -1
        && !records.allows(minute, settings.recordLimit(), settings.recordWindow(), 1)) {
      return null;
    }
    if (settings.byteLimit() > -1
        && !bytes.allows(minute, settings.byteLimit(), settings.byteWindow(), size)) {
      return null;
    }
    records.add(minute, 1);
    bytes.add(minute, size);
    return new Permit(minute, size);
  }

  /** Takes back a permit whose send failed. */
  public synchronized void release(Permit permit) {
    records.remove(permit.minute(), 1);
    bytes.remove(permit.minute(), permit.bytes());
  }

  /** Records the record window still allows now; empty when that limit is off. */
  public synchronized OptionalLong recordsLeft() {
    return left(settings.recordLimit(), records, settings.recordWindow());
  }

  /** Record bytes the byte window still allows now; empty when that limit is off. */
  public synchronized OptionalLong bytesLeft() {
    return left(settings.byteLimit(), bytes, settings.byteWindow());
  }

  private OptionalLong left(long limit, RateWindow window, int length) {
    if (!settings.active() || limit < 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(0, limit - window.sum(minute(), length)));
  }

  /** Nanoseconds until the next minute starts (when a limited record may pass again). */
  public long nanosToNextMinute() {
    long now = nanoClock.getAsLong();
    return 60_000_000_000L - Math.floorMod(now, 60_000_000_000L);
  }

  private long minute() {
    return Math.floorDiv(nanoClock.getAsLong(), 60_000_000_000L);
  }
}

package org.telemetrics.usage;

/**
 * Lowers the resolution of what the usage log and database keep ({@code blur_usage}), so their
 * times and sizes cannot be matched with traces seen elsewhere (the server's logs, a network
 * capture): points in time round down to a multiple of {@code seconds}, durations to whole seconds
 * (half up), sizes up to 10 kB steps below 1 MB, 1 MB steps below 1 GB and 100 MB steps from there
 * (decimal units). {@link #OFF} keeps every value as it is.
 */
public record UsageBlur(long seconds) {
  public static final UsageBlur OFF = new UsageBlur(0);

  private static final long KB10 = 10_000;
  private static final long MB = 1_000_000;
  private static final long GB = 1_000_000_000;
  private static final long MB100 = 100_000_000;

  public UsageBlur {
    if (seconds < 0) {
      throw new IllegalArgumentException("blur_usage must be 0 or more, not " + seconds);
    }
  }

  public boolean on() {
    return seconds > 0;
  }

  /** Epoch seconds rounded down to a multiple of the window. */
  public long time(long epochSeconds) {
    return on() ? Math.floorDiv(epochSeconds, seconds) * seconds : epochSeconds;
  }

  /** Seconds rounded to whole seconds, half up. */
  public double duration(double seconds) {
    return on() ? Math.floor(seconds + 0.5) : seconds;
  }

  /** Bytes rounded up to the step of their size class; 0 stays 0. */
  public long bytes(long bytes) {
    if (!on() || bytes <= 0) {
      return bytes;
    }
    long step = bytes < MB ? KB10 : bytes < GB ? MB : MB100;
    return ceil(bytes, step); // 999,999 gives 1,000,000, itself a multiple of the next step
  }

  private static long ceil(long value, long step) {
    return Math.floorDiv(value + step - 1, step) * step;
  }
}

package org.telemetrics.probd;

import java.util.function.LongSupplier;
import org.telemetrics.daemon.Ticker;

/**
 * The quota on bytes waiting in {@code staging/} ({@code staging_max_size}). telempostd empties
 * staging without telling us, so the count is the last measurement of the directory plus what was
 * reserved since. A measurement is trusted for {@link #TRUSTED_NANOS}; a reservation that would
 * pass the quota measures again at once, unless the last measurement already found staging full, in
 * which case it measures at most every {@link #FULL_RESCAN_NANOS}: a flood of probes against a full
 * staging directory costs one directory scan per interval, and space telempostd frees is seen
 * within that interval. The quota is a bound on the disk, not an exact count: records reserved but
 * still on their way into the open segment when a measurement is taken may pass it by their own
 * size.
 */
final class StagingQuota {
  static final long TRUSTED_NANOS = 1_000_000_000L;
  static final long FULL_RESCAN_NANOS = 100_000_000L;

  private final LongSupplier measure;
  private final Ticker ticker;
  private boolean measured;
  private long measuredAt;
  private boolean fullWhenMeasured;
  private long usedBytes;

  /** {@code measure} returns the bytes in staging now. */
  StagingQuota(LongSupplier measure, Ticker ticker) {
    this.measure = measure;
    this.ticker = ticker;
  }

  /**
   * Reserves room for {@code bytes} under {@code quotaBytes} (negative: no quota). False when
   * staging is full.
   */
  synchronized boolean reserve(long bytes, long quotaBytes) {
    if (quotaBytes < 0) {
      return true;
    }
    long now = ticker.nanos();
    long age = now - measuredAt; // only read when measured: no overflow from a sentinel
    boolean stale = !measured || age >= TRUSTED_NANOS;
    boolean wouldPass = usedBytes + bytes > quotaBytes;
    if (stale || (wouldPass && (!fullWhenMeasured || age >= FULL_RESCAN_NANOS))) {
      usedBytes = measure.getAsLong();
      measured = true;
      measuredAt = now;
      fullWhenMeasured = usedBytes + bytes > quotaBytes;
    }
    if (usedBytes + bytes > quotaBytes) {
      return false;
    }
    usedBytes += bytes;
    return true;
  }

  /** Gives back a reservation whose record was not staged. */
  synchronized void release(long bytes) {
    usedBytes = Math.max(0, usedBytes - bytes);
  }
}

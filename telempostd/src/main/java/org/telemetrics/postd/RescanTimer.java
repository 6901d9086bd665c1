package org.telemetrics.postd;

import org.telemetrics.postd.time.JitteredPeriod;

/**
 * When the loop rescans the directories behind their watch: a full rescan of staging and the queue
 * every spool_process_time (jittered), and sooner, at most every {@value #RETRY_MILLIS} ms, while
 * files of staging or C records wait for a second look (a file still being written, a C record
 * written in place). No I/O; the loop runs the rescan it is told.
 */
final class RescanTimer {
  static final long RETRY_MILLIS = 2_000;

  /** What to rescan on this turn of the loop. */
  enum Rescan {
    NONE,
    /** staging and the queue ({@link StagingScan#rescan}) */
    FULL,
    /** the C client's records only ({@link StagingScan#rescanLegacy}) */
    LEGACY
  }

  private final JitteredPeriod period;
  private long nextFull;
  private long lastRetry;

  RescanTimer(JitteredPeriod period, long startMillis) {
    this.period = period;
    this.nextFull = period.nextAfter(startMillis);
    this.lastRetry = startMillis;
  }

  /** Milliseconds until the next full rescan, at least 0. */
  long millisToFull(long nowMillis) {
    return Math.max(0, nextFull - nowMillis);
  }

  /** The rescan due at {@code nowMillis}, counted as done. */
  Rescan due(long nowMillis, boolean stagingPending, boolean legacyPending) {
    if (nowMillis >= nextFull) {
      nextFull = period.nextAfter(nowMillis);
      return Rescan.FULL;
    }
    if (nowMillis - lastRetry < RETRY_MILLIS || !(stagingPending || legacyPending)) {
      return Rescan.NONE;
    }
    lastRetry = nowMillis;
    return stagingPending ? Rescan.FULL : Rescan.LEGACY;
  }
}

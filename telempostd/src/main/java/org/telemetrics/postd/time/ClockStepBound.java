package org.telemetrics.postd.time;

/**
 * How telempostd knows a wait was reckoned before the wall clock was set back (a clock that ran
 * ahead, corrected by NTP): no wait it sets ends more than twice the longest backoff and a minute
 * from now (a Retry-After's spread included). A wait found ending later ends within the longest
 * backoff instead of lasting as long as the clock's jump, a year if need be.
 *
 * @param longestMillis the longest backoff ({@code retry_max_delay_ms}), at least a second
 */
public record ClockStepBound(long longestMillis) {
  public ClockStepBound {
    longestMillis = Math.max(longestMillis, 1000);
  }

  /** The latest a wait set now can end. */
  public long latest(long nowMillis) {
    return nowMillis + 2 * longestMillis + 60_000;
  }

  /** Whether a wait ending at {@code endMillis} ends later than any wait set now can. */
  public boolean beyond(long endMillis, long nowMillis) {
    return endMillis - nowMillis > 2 * longestMillis + 60_000;
  }

  /** When such a wait ends instead. */
  public long pulledBack(long nowMillis) {
    return nowMillis + longestMillis;
  }
}

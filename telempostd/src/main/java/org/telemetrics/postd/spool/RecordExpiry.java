package org.telemetrics.postd.spool;

import org.telemetrics.daemon.TimeSource;

/**
 * {@code record_expiry}: a record is dropped once it is that old. Its age when it is queued is read
 * on the wall clock (its creation time is all there is); from then on it is counted on the
 * monotonic clock, which setting the time does not move. A machine without a battery-backed clock
 * boots with the time it shut down at, and probes record the last boot's crashes before NTP sets it
 * right: read on the wall clock, a step of days would make those records look days old, and they
 * would be dropped as expired at their next attempt. A clock that ran ahead and is set back does
 * not keep records longer either. A suspend is not counted (the monotonic clock stops), so records
 * expire that much later. A restart reads every age on the wall clock again, less the steps the
 * clock made since the record's creation that an earlier run saw ({@link ClockSteps}). Every
 * reading of an age is a look at the clocks too, so a step made just before a record arrives is
 * left out of its age as well.
 */
final class RecordExpiry {
  /**
   * Longer than any machine stays up or any clock is set by: bounds the arithmetic whatever
   * record_expiry or a file of clock steps says.
   */
  static final long MAX_MILLIS = 100L * 365 * 24 * 3600 * 1000;

  private final long expiryMillis;
  private final TimeSource time;
  private final ClockSteps steps;

  RecordExpiry(long expirySeconds, TimeSource time, ClockSteps steps) {
    this.expiryMillis = expirySeconds >= MAX_MILLIS / 1000 ? MAX_MILLIS : expirySeconds * 1000;
    this.time = time;
    this.steps = steps;
  }

  /** Whether a record created at {@code createdEpochSeconds} is too old by the wall clock now. */
  boolean expired(long createdEpochSeconds) {
    return millisLeft(createdEpochSeconds) < 0;
  }

  /** The monotonic time ({@link TimeSource#nanos}) after which the record is expired. */
  long deadlineNanos(long createdEpochSeconds) {
    return time.nanos() + millisLeft(createdEpochSeconds) * 1_000_000;
  }

  /** Whether a deadline from {@link #deadlineNanos} has passed. */
  boolean passed(long deadlineNanos) {
    return time.nanos() - deadlineNanos > 0;
  }

  /**
   * Milliseconds until expiry by the wall clock, less its steps since the creation (negative when
   * past), within MAX_MILLIS.
   */
  private long millisLeft(long createdEpochSeconds) {
    long created = clamp(createdEpochSeconds, Long.MAX_VALUE / 4000) * 1000; // within 2^62
    long now = steps.now(); // first: a step made just now is one of the steps left out
    long stepped = clamp(steps.since(created), MAX_MILLIS);
    long age = clamp(clamp(now - created, MAX_MILLIS) - stepped, MAX_MILLIS);
    return clamp(expiryMillis - age, MAX_MILLIS);
  }

  static long clamp(long v, long bound) {
    return Math.max(-bound, Math.min(bound, v));
  }
}

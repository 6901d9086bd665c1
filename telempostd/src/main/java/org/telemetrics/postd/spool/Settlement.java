package org.telemetrics.postd.spool;

import org.telemetrics.usage.UsageOutcome;

/**
 * How one record left the queue, for the usage account: the outcome, a short fixed reason ({@code
 * http_400}, {@code spool_full}) or null, the attempts made, how long it waited for retries, an
 * outage or the rate limit before its last attempt (-1: it was not held back), and how far the wall
 * clock was stepped since its acknowledgement (left out of the durations the account writes: a
 * clock set forward days after a boot is not days of waiting).
 */
public record Settlement(
    UsageOutcome outcome, String reason, int attempts, long waitingMillis, long steppedMillis) {
  public static final long NOT_HELD_BACK = -1;

  /** Settled without ever being queued (kept local, expired or dropped at intake). */
  static Settlement atIntake(UsageOutcome outcome, String reason) {
    return new Settlement(outcome, reason, 0, NOT_HELD_BACK, 0);
  }

  /** The same, with the wall clock's steps since the acknowledgement left out of its waiting. */
  Settlement stepped(long millis) {
    long waiting = waitingMillis < 0 ? waitingMillis : Math.max(0, waitingMillis - millis);
    return new Settlement(outcome, reason, attempts, waiting, millis);
  }

  /**
   * Settled from the queue at {@code atMillis}: {@code attempts} in all, waiting from the
   * acknowledgement until the last attempt began (or until now, for one dropped while waiting).
   */
  static Settlement ofQueued(
      QueuedRecord r, UsageOutcome outcome, String reason, int attempts, long lastStartMillis) {
    boolean heldBack = r.retry().attempts() > 0 || r.heldBack;
    long waiting = heldBack ? Math.max(0, lastStartMillis - r.receivedAtMillis) : NOT_HELD_BACK;
    return new Settlement(outcome, reason, attempts, waiting, 0);
  }

  /** The reason as the usage account writes it: {@code 400} is {@code http_400}. */
  static String reasonOf(String status) {
    if (status == null || status.isEmpty()) {
      return null;
    }
    return status.chars().allMatch(Character::isDigit)
        ? "http_" + status
        : status.replace('-', '_');
  }
}

package org.telemetrics.postd.ratelimit;

import java.util.Arrays;

/**
 * The C client's sliding window of 60 one-minute slots, keyed by a monotonic minute number instead
 * of the local-time minute (C's windows jump with the clock and the time zone). Each slot remembers
 * which minute it counts, so a slot last written an hour ago reads as empty instead of leaking into
 * the current window.
 */
public final class RateWindow {
  static final int SLOTS = 60;

  private final long[] counts = new long[SLOTS];
  private final long[] minuteOf = new long[SLOTS];

  public RateWindow() {
    Arrays.fill(minuteOf, Long.MIN_VALUE);
  }

  /** The total of the {@code window} minutes ending at {@code minute} (inclusive). */
  public long sum(long minute, int window) {
    long total = 0;
    for (long m = minute - window + 1; m <= minute; m++) {
      int slot = slot(m);
      if (minuteOf[slot] == m) {
        total += counts[slot];
      }
    }
    return total;
  }

  /** As C's rate_limit_check: would adding {@code increment} stay within {@code limit}? */
  public boolean allows(long minute, long limit, int window, long increment) {
    long total = sum(minute, window);
    if (total > Long.MAX_VALUE - increment) {
      return false;
    }
    return total + increment <= limit;
  }

  /** As C's rate_limit_update: counts {@code increment} in {@code minute}. */
  public void add(long minute, long increment) {
    int slot = slot(minute);
    if (minuteOf[slot] != minute) {
      minuteOf[slot] = minute;
      counts[slot] = 0;
    }
    counts[slot] += increment;
  }

  /** Takes back an increment (a send that failed), if its minute is still in the slot. */
  public void remove(long minute, long increment) {
    int slot = slot(minute);
    if (minuteOf[slot] == minute) {
      counts[slot] = Math.max(0, counts[slot] - increment);
    }
  }

  private static int slot(long minute) {
    return (int) Math.floorMod(minute, (long) SLOTS);
  }
}

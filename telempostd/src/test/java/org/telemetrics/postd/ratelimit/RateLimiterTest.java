package org.telemetrics.postd.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The C client's check_postd.c vectors (reference §5.5), on our window. C indexes slots by the
 * local-time minute modulo 60; ours by an absolute monotonic minute, so "minute 3" of a vector is
 * minute 63 here and slot k holds minute 60+k if k <= 3, else minute k (the previous hour).
 */
class RateLimiterTest {
  private static void seed(RateWindow w, long now, int slot, long value) {
    long minute = slot <= now % 60 ? now - now % 60 + slot : now - now % 60 - 60 + slot;
    w.add(minute, value);
  }

  @Test
  void recordWindowPassesWhenTheSumStaysWithinTheLimit() {
    RateWindow w = new RateWindow();
    long m = 63;
    seed(w, m, 1, 10);
    seed(w, m, 7, 10);
    seed(w, m, 10, 20);
    seed(w, m, 55, 10);
    assertThat(w.sum(m, 15)).isEqualTo(20); // slots 49..59, 0..3
    assertThat(w.allows(m, 30, 15, 1)).isTrue();
  }

  @Test
  void recordWindowFailsWhenTheLimitIsExceeded() {
    RateWindow w = new RateWindow();
    long m = 84; // minute 24
    for (int slot : new int[] {3, 4, 6, 27}) {
      seed(w, m, slot, 10);
    }
    assertThat(w.allows(m, 30, 30, 1)).isFalse(); // slots 55..59, 0..24 hold 30
  }

  @Test
  void byteWindowVectors() {
    RateWindow w = new RateWindow();
    long m = 63;
    seed(w, m, 1, 32000);
    seed(w, m, 7, 10000);
    seed(w, m, 10, 45000);
    seed(w, m, 55, 11000);
    assertThat(w.allows(m, 64000, 15, 20000)).isTrue(); // 43000 + 20000

    RateWindow v = new RateWindow();
    long n = 75; // minute 15
    seed(v, n, 1, 32000);
    seed(v, n, 7, 10000);
    seed(v, n, 10, 32300);
    seed(v, n, 55, 31000);
    assertThat(v.sum(n, 15)).isEqualTo(74300); // slots 1..15
    assertThat(v.allows(n, 100000, 15, 80000)).isFalse();
  }

  @Test
  void updatesOnlyCountInsideTheWindow() {
    RateWindow w = new RateWindow();
    for (long m : new long[] {7, 7, 45, 47, 47}) {
      w.add(m, 1);
    }
    assertThat(w.sum(47, 15)).isEqualTo(3); // C: arr[45]=1, arr[47]=2, the rest zeroed
    RateWindow b = new RateWindow();
    for (long m : new long[] {7, 7, 45, 47, 47, 47}) {
      b.add(m, 32000);
    }
    assertThat(b.sum(47, 15)).isEqualTo(32000 + 96000);
  }

  @Test
  void aSlotFromAnEarlierHourDoesNotLeakIntoTheWindow() {
    RateWindow w = new RateWindow();
    w.add(5, 100);
    assertThat(w.sum(65, 15)).isZero(); // C would count the stale slot 5 again
  }

  @Test
  void limiterCountsRealBytesAndBothLimitsDisableIndependently() {
    AtomicLong clock = new AtomicLong(0);
    RateLimiter bytes =
        new RateLimiter(new RateLimiter.Settings(true, -1, 15, 1000, 20), clock::get);
    assertThat(bytes.tryAcquire(600)).isNotNull();
    assertThat(bytes.tryAcquire(600)).isNull(); // C would count 4 bytes and pass
    assertThat(bytes.tryAcquire(400)).isNotNull();

    RateLimiter records = new RateLimiter(new RateLimiter.Settings(true, 1, 1, -1, 20), clock::get);
    RateLimiter.Permit p = records.tryAcquire(10);
    assertThat(p).isNotNull();
    assertThat(records.tryAcquire(10)).isNull();
    records.release(p); // the send failed: it does not count
    assertThat(records.tryAcquire(10)).isNotNull();
    clock.set(61_000_000_000L); // next minute, window of 1 minute
    assertThat(records.tryAcquire(10)).isNotNull();
  }

  @Test
  void zeroBlocksEverythingAndDisabledPassesEverything() {
    RateLimiter zero = new RateLimiter(new RateLimiter.Settings(true, 0, 15, -1, 20), () -> 0);
    assertThat(zero.tryAcquire(1)).isNull();
    RateLimiter off = new RateLimiter(new RateLimiter.Settings(false, 0, 15, 0, 20), () -> 0);
    assertThat(off.tryAcquire(1)).isNotNull();
    RateLimiter bothMinusOne =
        new RateLimiter(new RateLimiter.Settings(true, -1, 15, -1, 20), () -> 0);
    assertThat(bothMinusOne.active()).isFalse();
  }

  @Test
  void theBudgetLeftShrinksWithEachSendAndComesBackWhenASendFailsOrTheWindowMoves() {
    AtomicLong nanos = new AtomicLong(0);
    RateLimiter limiter = new RateLimiter(new RateLimiter.Settings(true, 3, 1, 100, 2), nanos::get);
    assertThat(limiter.recordsLeft()).hasValue(3);

    RateLimiter.Permit first = limiter.tryAcquire(40);
    RateLimiter.Permit second = limiter.tryAcquire(25);
    assertThat(limiter.recordsLeft()).hasValue(1);
    assertThat(limiter.bytesLeft()).hasValue(35);

    limiter.release(second);
    assertThat(limiter.recordsLeft()).hasValue(2);
    assertThat(limiter.bytesLeft()).hasValue(60);

    nanos.addAndGet(60_000_000_000L); // the record window (1 minute) moved on, the bytes' not
    assertThat(limiter.recordsLeft()).hasValue(3);
    assertThat(limiter.bytesLeft()).hasValue(60);
    assertThat(first).isNotNull();
  }

  @Test
  void aLimitThatIsOffHasNoBudget() {
    RateLimiter bytesOnly =
        new RateLimiter(new RateLimiter.Settings(true, -1, 15, 100, 20), () -> 0L);
    RateLimiter off = new RateLimiter(new RateLimiter.Settings(false, 10, 15, 100, 20), () -> 0L);

    assertThat(bytesOnly.recordsLeft()).isEmpty();
    assertThat(bytesOnly.bytesLeft()).hasValue(100);
    assertThat(off.recordsLeft()).isEmpty();
    assertThat(off.bytesLeft()).isEmpty();
  }
}

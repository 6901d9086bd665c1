package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final long NOW = 1_795_347_986_000L;

  /** Every draw is 0: the policy's fixed part alone. */
  private static final RandomGenerator LOWEST = () -> 0L;

  /** Every draw is just below 1: the policy's longest wait. */
  private static final RandomGenerator HIGHEST = () -> -1L;

  private final RetryPolicy policy =
      new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5, new SplittableRandom(3));

  @Test
  void transientFailuresBackOffWithFullJitterUntilTheAttemptsAreUsedUp() {
    Outcome fail = new Outcome.Transient("HTTP 500", false, Optional.empty());
    for (int before = 0; before < 4; before++) {
      long ceiling = 1000L << before;
      int attempts = before;
      long[] delays =
          draws(
              1000,
              () -> {
                RetryPolicy.Retry r = (RetryPolicy.Retry) policy.decide(attempts, fail, NOW);
                assertThat(r.attempts()).isEqualTo(attempts + 1);
                return r.atMillis() - NOW;
              });

      assertThat(LongStream.of(delays)).allMatch(d -> d >= 0 && d <= ceiling);
      assertThat(LongStream.of(delays).min().orElseThrow()).isLessThan(ceiling / 10);
      assertThat(LongStream.of(delays).max().orElseThrow()).isGreaterThan(ceiling * 9 / 10);
    }
    assertThat(policy.decide(4, fail, NOW))
        .isEqualTo(new RetryPolicy.GiveUp("retries-exhausted", "HTTP 500 after 5 attempts", 5));
  }

  @Test
  void anUnexpectedExceptionIsRetriedWithBackoff() {
    RetryPolicy.Decision d =
        new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5, HIGHEST)
            .decide(0, RetryPolicy.unexpected(new java.io.IOException("No space left")), NOW);

    assertThat(d)
        .isInstanceOfSatisfying(
            RetryPolicy.Retry.class,
            r -> {
              assertThat(r.atMillis() - NOW).isEqualTo(1000);
              assertThat(r.reason()).contains("No space left");
            });
  }

  @Test
  void aPermanentRefusalIsGivenUpAtOnce() {
    assertThat(policy.decide(0, new Outcome.Permanent(400, "HTTP 400 bad"), NOW))
        .isEqualTo(new RetryPolicy.GiveUp("400", "HTTP 400 bad", 1));
  }

  @Test
  void retryAfterIsNeverShortenedAndIsSpreadOverHalfAsLongAgain() {
    long[] pauses =
        draws(2000, () -> policy.outagePauseMillis(1, Optional.of(Duration.ofSeconds(10))));

    assertThat(LongStream.of(pauses)).allMatch(p -> p >= 10_000 && p <= 15_000);
    assertThat(LongStream.of(pauses).min().orElseThrow()).isLessThan(10_100);
    assertThat(LongStream.of(pauses).max().orElseThrow()).isGreaterThan(14_900);
  }

  @Test
  void retryAfterAsAnHttpDateIsHonouredLikeSeconds() {
    Instant now = Instant.ofEpochMilli(NOW);
    Optional<Duration> date =
        RetryAfter.parse("Mon, 30 Nov 2026 12:00:20 GMT", Instant.parse("2026-11-30T12:00:00Z"));
    Outcome busy = new Outcome.Transient("HTTP 429", true, date, AttemptOutcome.STATUS_429, 429);

    long at =
        ((RetryPolicy.Retry)
                new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, LOWEST)
                    .decide(3, busy, now.toEpochMilli()))
            .atMillis();

    assertThat(at - NOW).isEqualTo(20_000);
  }

  @Test
  void aRecordsRetryAfterOverridesItsShorterBackoff() {
    Outcome badGateway =
        new Outcome.Transient(
            "HTTP 502", false, Optional.of(Duration.ofSeconds(12)), AttemptOutcome.STATUS_5XX, 502);

    RetryPolicy.Retry r =
        (RetryPolicy.Retry)
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, LOWEST)
                .decide(0, badGateway, NOW);

    assertThat(r.atMillis() - NOW).isEqualTo(12_000);
  }

  @Test
  void retryAfterIsCappedAtTheLongestBackoffAndStillSpread() {
    RetryPolicy low = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, LOWEST);
    RetryPolicy high = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, HIGHEST);

    assertThat(low.outagePauseMillis(1, Optional.of(Duration.ofHours(2)))).isEqualTo(30_000);
    assertThat(high.outagePauseMillis(1, Optional.of(Duration.ofHours(2)))).isEqualTo(45_000);
    assertThat(low.outagePauseMillis(1, Optional.of(Duration.ZERO))).isZero();
    assertThat(high.outagePauseMillis(1, Optional.of(Duration.ZERO))).isEqualTo(1_000);
    assertThat(high.outagePauseMillis(1, Optional.of(Duration.ofSeconds(999_999_999))))
        .isEqualTo(45_000);
  }

  @Test
  void withoutRetryAfterAnOutageIsProbedAtRandomWithinAtMost30s() {
    RetryPolicy slow =
        new RetryPolicy(Duration.ofSeconds(10), Duration.ofHours(1), 0, new SplittableRandom(1));

    long[] pauses = draws(5000, () -> slow.outagePauseMillis(20, Optional.empty()));

    assertThat(LongStream.of(pauses)).allMatch(p -> p >= 0 && p <= 30_000);
    assertThat(LongStream.of(pauses).average().orElseThrow()).isBetween(14_000.0, 16_000.0);
    assertThat(
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofHours(1), 0, HIGHEST)
                .outagePauseMillis(2, Optional.empty()))
        .isEqualTo(2_000);
  }

  @Test
  void theGateLetsOneProbeThroughAfterThePause() {
    OutageGate gate =
        new OutageGate(new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5, LOWEST));
    assertThat(gate.mayStart(NOW, 3)).isTrue();
    long pause =
        gate.failed(
            new Outcome.Transient("HTTP 503", true, Optional.of(Duration.ofSeconds(5))), NOW);
    assertThat(pause).isEqualTo(5000);
    assertThat(gate.failed(new Outcome.Transient("HTTP 503", true, Optional.empty()), NOW))
        .isEqualTo(-1); // only the first failure of an outage is logged
    assertThat(gate.mayStart(NOW + 4999, 0)).isFalse();
    assertThat(gate.mayStart(NOW + 5000, 1)).isFalse();
    assertThat(gate.mayStart(NOW + 5000, 0)).isTrue();
    assertThat(gate.delay(0, NOW, 0)).isEqualTo(5000);
    assertThat(gate.delay(0, NOW + 9000, 1)).isEqualTo(-1); // the probe in flight wakes us
    assertThat(gate.answered()).isTrue();
    assertThat(gate.answered()).isFalse();
    assertThat(gate.mayStart(NOW, 3)).isTrue();
  }

  @Test
  void aPauseReckonedBeforeTheClockWentBackADayEndsWithinTheLongestBackoff() {
    OutageGate gate =
        new OutageGate(new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5, LOWEST));
    gate.failed(new Outcome.Transient("HTTP 503", true, Optional.of(Duration.ofSeconds(5))), NOW);
    long dayEarlier = NOW - 86_400_000;

    assertThat(gate.mayStart(dayEarlier, 0)).isFalse();
    assertThat(gate.delay(0, dayEarlier, 0)).isEqualTo(30_000);
    assertThat(gate.mayStart(dayEarlier + 30_000, 0)).isTrue();
    // a pause as long as any pause can be is kept
    gate.failed(new Outcome.Transient("HTTP 429", true, Optional.of(Duration.ofHours(1))), NOW);
    assertThat(gate.delay(0, NOW, 0)).isBetween(30_000L, 45_000L);
  }

  private static long[] draws(int n, LongSupplier draw) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = draw.getAsLong();
    }
    return out;
  }
}

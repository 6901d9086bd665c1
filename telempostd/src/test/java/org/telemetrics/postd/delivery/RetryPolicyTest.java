package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final long NOW = 1_795_347_986_000L;
  private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1),
      Duration.ofSeconds(30), 5, new SplittableRandom(3));

  @Test
  void transientFailuresBackOffWithJitterUntilTheAttemptsAreUsedUp() {
    Outcome fail = new Outcome.Transient("HTTP 500", false, Optional.empty());
    long previous = 0;
    for (int before = 0; before < 4; before++) {
      RetryPolicy.Decision d = policy.decide(before, fail, NOW);
      assertThat(d).isInstanceOf(RetryPolicy.Retry.class);
      RetryPolicy.Retry r = (RetryPolicy.Retry) d;
      long delay = r.atMillis() - NOW;
      long base = 1000L << before;
      assertThat(delay).isBetween((long) (base * 0.8), (long) (base * 1.2)).isGreaterThan(previous);
      assertThat(r.attempts()).isEqualTo(before + 1);
      previous = delay;
    }
    assertThat(policy.decide(4, fail, NOW)).isEqualTo(new RetryPolicy.GiveUp(
        "retries-exhausted", "HTTP 500 after 5 attempts", 5));
  }

  @Test
  void anUnexpectedExceptionIsRetriedWithBackoffNotAtOnce() {
    RetryPolicy.Decision d = policy.decide(0,
        RetryPolicy.unexpected(new java.io.IOException("No space left on device")), NOW);
    assertThat(d).isInstanceOfSatisfying(RetryPolicy.Retry.class, r -> {
      assertThat(r.atMillis() - NOW).isGreaterThanOrEqualTo(800);
      assertThat(r.reason()).contains("No space left on device");
    });
  }

  @Test
  void aPermanentRefusalIsGivenUpAtOnce() {
    assertThat(policy.decide(0, new Outcome.Permanent(400, "HTTP 400 bad"), NOW))
        .isEqualTo(new RetryPolicy.GiveUp("400", "HTTP 400 bad", 1));
  }

  @Test
  void outagesHonourRetryAfterUpToTheLongestBackoffAndProbeAtLeastEvery30s() {
    assertThat(policy.outagePauseMillis(1, Optional.of(Duration.ofSeconds(7)))).isEqualTo(7000);
    assertThat(policy.outagePauseMillis(1, Optional.of(Duration.ofHours(2)))).isEqualTo(30_000);
    RetryPolicy slow = new RetryPolicy(Duration.ofSeconds(10), Duration.ofHours(1), 0,
        new SplittableRandom(1));
    assertThat(slow.outagePauseMillis(20, Optional.empty())).isEqualTo(30_000);
  }

  @Test
  void theGateLetsOneProbeThroughAfterThePause() {
    OutageGate gate = new OutageGate(policy);
    assertThat(gate.mayStart(NOW, 3)).isTrue();
    long pause = gate.failed(new Outcome.Transient("HTTP 503", true,
        Optional.of(Duration.ofSeconds(5))), NOW);
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
}

package org.telemetrics.postd.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClockStepBoundTest {
  @Test
  void aWaitBeyondTwiceTheLongestBackoffAndAMinuteEndsWithinTheLongestBackoff() {
    ClockStepBound bound = new ClockStepBound(30_000);
    long now = 1_000_000;
    assertThat(bound.latest(now)).isEqualTo(now + 120_000);
    assertThat(bound.beyond(now + 120_000, now)).isFalse(); // a Retry-After's spread fits
    assertThat(bound.beyond(now + 120_001, now)).isTrue();
    assertThat(bound.pulledBack(now)).isEqualTo(now + 30_000);
  }

  @Test
  void theLongestBackoffIsASecondAtLeast() {
    assertThat(new ClockStepBound(0).pulledBack(0)).isEqualTo(1000);
  }
}

package org.telemetrics.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageBlurTest {
  private final UsageBlur hour = new UsageBlur(3600);

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "1, 10000",
    "9999, 10000",
    "10000, 10000",
    "10001, 20000",
    "990001, 1000000",
    "999999, 1000000",
    "1000000, 1000000",
    "1000001, 2000000",
    "999999999, 1000000000",
    "1000000000, 1000000000",
    "1000000001, 1100000000",
    "1100000000, 1100000000",
  })
  void sizesRoundUpToTheStepOfTheirClass(long bytes, long blurred) {
    assertThat(hour.bytes(bytes)).isEqualTo(blurred);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "3599, 0",
    "3600, 3600",
    "3601, 3600",
    "7199, 3600",
    "1764806400, 1764806400",
    "1764810000, 1764810000",
    "1764809999, 1764806400",
  })
  void timesRoundDownToTheStartOfTheirWindow(long epochSeconds, long blurred) {
    assertThat(hour.time(epochSeconds)).isEqualTo(blurred);
  }

  @ParameterizedTest
  @CsvSource({
    "0.0, 0.0",
    "0.49, 0.0",
    "0.5, 1.0",
    "1.4999, 1.0",
    "2.5, 3.0",
    "59.99, 60.0",
  })
  void durationsRoundToWholeSecondsHalfUp(double seconds, double blurred) {
    assertThat(hour.duration(seconds)).isEqualTo(blurred);
  }

  @Test
  void offKeepsEveryValue() {
    assertThat(UsageBlur.OFF.bytes(10_001)).isEqualTo(10_001);
    assertThat(UsageBlur.OFF.time(3601)).isEqualTo(3601);
    assertThat(UsageBlur.OFF.duration(0.25)).isEqualTo(0.25);
  }

  @Test
  void aWindowOfOneSecondKeepsTimesButStillBlursSizes() {
    UsageBlur second = new UsageBlur(1);

    assertThat(second.time(1764806401)).isEqualTo(1764806401);
    assertThat(second.bytes(1)).isEqualTo(10_000);
  }

  @Test
  void aBlurredEventHasNoFinerResolutionThanConfigured() {
    UsageEvent e =
        new UsageEvent(
            1764809999, 1764810001, 2.6, 1.2, 12_345, UsageOutcome.DELIVERED, null, 2, "other", 2);

    UsageEvent b = e.blurred(hour);

    assertThat(b.started() % 3600).isZero();
    assertThat(b.settled() % 3600).isZero();
    assertThat(b.totalTime()).isEqualTo(3.0);
    assertThat(b.waitingTime()).isEqualTo(1.0);
    assertThat(b.totalBytes()).isEqualTo(20_000);
    assertThat(
            new UsageEvent(1, 2, 1.0, null, 0, UsageOutcome.LOCAL_ONLY, null, 0, "other", 1)
                .blurred(hour)
                .waitingTime())
        .isNull();
  }

  @Test
  void aNegativeWindowIsRefused() {
    assertThatThrownBy(() -> new UsageBlur(-1)).hasMessageContaining("0 or more");
  }
}

package org.telemetrics.metrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottledWarningsTest {
  private Instant now = Instant.ofEpochMilli(1_780_000_000_000L);
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };
  private final List<String> logged = new ArrayList<>();
  private final ThrottledWarnings warnings =
      new ThrottledWarnings(clock, Duration.ofHours(1), logged::add);

  @Test
  void aRepeatedWarningIsLoggedOncePerInterval() {
    warnings.warn("a is damaged");
    now = now.plusSeconds(15);
    warnings.warn("a is damaged");
    now = now.plus(Duration.ofMinutes(59));
    warnings.warn("a is damaged");

    assertThat(logged).containsExactly("a is damaged");

    now = now.plus(Duration.ofMinutes(1));
    warnings.warn("a is damaged");

    assertThat(logged).containsExactly("a is damaged", "a is damaged");
  }

  @Test
  void anotherFaultIsLoggedAtOnce() {
    warnings.warn("a is damaged");
    warnings.warn("b is damaged");
    warnings.warn("a: status line 3 is not key=value");

    assertThat(logged)
        .containsExactly("a is damaged", "b is damaged", "a: status line 3 is not key=value");
  }
}

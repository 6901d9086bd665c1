package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class OutageGatesTest {
  private static final long NOW = 1_795_347_986_000L;

  /** Every draw is 0: the waits are exactly what Retry-After asks. */
  private static final RandomGenerator NO_SPREAD = () -> 0L;

  private final OutageGates gates =
      new OutageGates(new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 0, NO_SPREAD));

  @Test
  void aRetryAfterOfOneServerDoesNotDelayAnother() {
    OutageGate collector = gates.of("https://collector.example:4318/v1/logs");
    OutageGate backend = gates.of("https://backend.example/v2/collector");

    collector.failed(
        new Outcome.Transient(
            "HTTP 429", true, Optional.of(Duration.ofSeconds(60)), AttemptOutcome.STATUS_429, 429),
        NOW);

    assertThat(collector.mayStart(NOW + 59_999, 0)).isFalse();
    assertThat(collector.mayStart(NOW + 60_000, 0)).isTrue();
    assertThat(backend.isDown()).isFalse();
    assertThat(backend.mayStart(NOW, 3)).isTrue();
    assertThat(backend.delay(0, NOW, 3)).isZero();
  }

  @Test
  void pathsOfOneServerShareItsPause() {
    OutageGate logs = gates.of("http://Collector.example:4318/v1/logs");

    logs.failed(new Outcome.Transient("HTTP 503", true, Optional.of(Duration.ofSeconds(5))), NOW);

    assertThat(gates.of("http://collector.example:4318/v1/traces").mayStart(NOW, 0)).isFalse();
    assertThat(gates.of("http://collector.example:4318/v1/logs")).isSameAs(logs);
  }

  @Test
  void aServerIsItsSchemeHostAndPort() {
    assertThat(OutageGates.serverOf("http://Example.org/a")).isEqualTo("http://example.org:80");
    assertThat(OutageGates.serverOf("https://example.org/a")).isEqualTo("https://example.org:443");
    assertThat(OutageGates.serverOf("http://example.org:8080/a?b"))
        .isEqualTo("http://example.org:8080");
    assertThat(OutageGates.serverOf("http://[::1]:4318/v1/logs")).isEqualTo("http://[::1]:4318");
    assertThat(OutageGates.serverOf("not a url")).isEqualTo("not a url");
    assertThat(gates.of("http://a.example/x")).isNotSameAs(gates.of("https://a.example/x"));
  }
}

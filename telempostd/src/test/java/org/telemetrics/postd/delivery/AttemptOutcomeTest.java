package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a server's answer counts in attempts_* and dead_lettered_status_*. */
class AttemptOutcomeTest {
  private static final Instant NOW = Instant.parse("2026-12-04T18:00:00Z");

  private static Outcome reply(int code) {
    return HttpPoster.classify(code, new byte[0], null, NOW);
  }

  @Test
  void answersAreCountedByStatusClassWith429ApartFrom4xx() {
    assertThat(AttemptOutcome.of(reply(201))).isEqualTo(AttemptOutcome.STATUS_2XX);
    assertThat(AttemptOutcome.of(reply(400))).isEqualTo(AttemptOutcome.STATUS_4XX);
    assertThat(AttemptOutcome.of(reply(408))).isEqualTo(AttemptOutcome.STATUS_4XX);
    assertThat(AttemptOutcome.of(reply(429))).isEqualTo(AttemptOutcome.STATUS_429);
    assertThat(AttemptOutcome.of(reply(503))).isEqualTo(AttemptOutcome.STATUS_5XX);
    assertThat(AttemptOutcome.of(reply(302))).isEqualTo(AttemptOutcome.STATUS_4XX);
    assertThat(AttemptOutcome.of(reply(503)).answered()).isTrue();
  }

  @Test
  void theStatusOfADeadLetterIsTheLastAnswerOrNoneWithoutOne() {
    assertThat(AttemptOutcome.statusOf(reply(400))).hasValue(400);
    assertThat(AttemptOutcome.statusOf(reply(503))).hasValue(503);
    assertThat(
            AttemptOutcome.statusOf(
                new Outcome.Transient(
                    "timeout: read", false, Optional.empty(), AttemptOutcome.TIMEOUT, 0)))
        .isEmpty();
    assertThat(
            AttemptOutcome.statusOf(RetryPolicy.unexpected(new IllegalStateException())).isEmpty())
        .isTrue();
    assertThat(AttemptOutcome.of(RetryPolicy.unexpected(new IllegalStateException())))
        .isEqualTo(AttemptOutcome.NOT_SENT);
  }
}

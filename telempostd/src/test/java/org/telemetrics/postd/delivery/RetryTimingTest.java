package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.telemetrics.postd.spool.RetryState;

class RetryTimingTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void retryAfterSecondsAndDates() {
    assertThat(RetryAfter.parse("2", NOW)).contains(Duration.ofSeconds(2));
    assertThat(RetryAfter.parse(" 120 ", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse("Mon, 30 Nov 2026 12:00:30 GMT", NOW))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Mon, 30 Nov 2026 11:00:00 GMT", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("99999999999999", NOW)).isPresent();
    assertThat(RetryAfter.parse("-1", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
  }

  @Test
  void retryStateRoundTripsAndSurvivesGarbage() {
    RetryState s = new RetryState(3, 1795347986123L, true, "HTTP 500\nsecond line");
    RetryState back = RetryState.decode(s.encode());
    assertThat(back.attempts()).isEqualTo(3);
    assertThat(back.nextAttemptMillis()).isEqualTo(1795347986123L);
    assertThat(back.outage()).isTrue();
    assertThat(back.lastError()).isEqualTo("HTTP 500 second line");
    assertThat(RetryState.decode("attempts: x\n".getBytes())).isEqualTo(RetryState.NONE);
    assertThat(RetryState.decode(new byte[5000])).isEqualTo(RetryState.NONE);
    Random r = new Random(42);
    for (int i = 0; i < 500; i++) {
      byte[] junk = new byte[r.nextInt(200)];
      r.nextBytes(junk);
      assertThat(RetryState.decode(junk).attempts()).isGreaterThanOrEqualTo(0);
    }
  }
}

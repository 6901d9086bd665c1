package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.time.Instant;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of how a backend's reply (status code, the start of its body, its
 * Retry-After header) becomes an {@link Outcome}: never an exception; delivered exactly for 2xx; a
 * Retry-After delay never negative; the reason, which goes to the log, printable ASCII only.
 */
class ReplyClassificationFuzzTarget {
  private static final ParserContract CONTRACT = ParserContract.of(1 << 20, 64);

  @FuzzTest
  void classify(FuzzedDataProvider data) {
    int code = data.consumeInt(0, 999);
    Instant now = Instant.ofEpochSecond(data.consumeLong(0, 1L << 36));
    String retryAfter = data.consumeBoolean() ? null : data.consumeString(80);
    byte[] body = data.consumeRemainingAsBytes();
    Outcome outcome =
        CONTRACT
            .check(body.length, () -> HttpPoster.classify(code, body, retryAfter, now))
            .orElseThrow();

    assertThat(outcome instanceof Outcome.Delivered).isEqualTo(code >= 200 && code < 300);
    if (outcome instanceof Outcome.Transient t) {
      t.retryAfter().ifPresent(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ZERO));
      assertThat(t.reason()).matches("[\\x20-\\x7e]*");
    } else if (outcome instanceof Outcome.Permanent p) {
      assertThat(p.status()).isBetween(300, 499).isNotIn(408, 429);
      assertThat(p.reason()).matches("[\\x20-\\x7e]*");
    }
  }
}

package org.telemetrics.postd.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.time.Instant;
import org.telemetrics.fuzz.ParserContract;
import org.telemetrics.postd.delivery.Outcome;

/**
 * Coverage-guided fuzzing of how an OTLP collector's answer (status, content type, body: an
 * ExportLogsServiceResponse or a google.rpc.Status, protobuf or JSON) becomes an {@link Outcome}:
 * never an exception; delivered only for 2xx; retried exactly for 429, 502, 503, 504; no negative
 * Retry-After; the reason, which goes to the log, printable ASCII only.
 */
class CollectorAnswerFuzzTarget {
  private static final ParserContract CONTRACT = ParserContract.of(1 << 20, 64);

  @FuzzTest
  void classify(FuzzedDataProvider data) {
    boolean json = data.consumeBoolean();
    boolean isolate = data.consumeBoolean();
    int code = data.consumeInt(100, 599);
    int records = data.consumeInt(1, 10_000);
    String contentType = data.consumeBoolean() ? null : data.consumeString(40);
    String retryAfter = data.consumeBoolean() ? null : data.consumeString(40);
    byte[] body = data.consumeRemainingAsBytes();
    OtlpExchange exchange = new OtlpExchange(new OtlpSettings(json, false, 100, 1 << 20, isolate));

    Outcome outcome =
        CONTRACT
            .check(
                body.length,
                () ->
                    exchange.classify(code, contentType, body, retryAfter, Instant.EPOCH, records))
            .orElseThrow();

    if (outcome instanceof Outcome.Delivered) {
      assertThat(code).isBetween(200, 299);
    } else if (outcome instanceof Outcome.Transient t) {
      assertThat(code).isIn(429, 502, 503, 504);
      t.retryAfter().ifPresent(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ZERO));
      assertThat(t.reason()).matches("[\\x20-\\x7e]*");
    } else if (outcome instanceof Outcome.SomeRejected s) {
      assertThat(isolate).isTrue();
      assertThat(code).isBetween(200, 299).isEqualTo(s.status());
      assertThat(records).isGreaterThan(1);
      assertThat(s.reason()).matches("[\\x20-\\x7e]*");
    } else {
      Outcome.Permanent p = (Outcome.Permanent) outcome;
      assertThat(p.status()).isEqualTo(code).isNotIn(429, 502, 503, 504);
      assertThat(p.reason()).matches("[\\x20-\\x7e]*");
    }
  }
}

package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.testing.TestRoot;

/**
 * An OTLP partial success that rejected some records of a request, on a daemon with a fake clock:
 * the records are sent again one per request and each answer settles its record exactly; with
 * {@code otlp_partial_success=dead-letter} the whole request is dead-lettered instead.
 */
@Timeout(90)
class OtlpIsolationTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  /** What the collector saw in one request: the payloads of its log records, by record id. */
  record Seen(Map<String, String> payloads) {
    int size() {
      return payloads.size();
    }
  }

  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  @Test
  void eachRecordOfAPartiallyRejectedRequestGoesAloneAndIsSettledByItsOwnAnswer() throws Exception {
    FakeTime time = new FakeTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    postd.backend(collector(this::answerByMarker));
    TestRoot root = otlpRoot();
    List<String> ids =
        Fixtures.stageBatch(
            root.layout(),
            Fixtures.record("org.example/iso/a", "fine a"),
            Fixtures.record("org.example/iso/b", "REJECT b"),
            Fixtures.record("org.example/iso/c", "BUSY c"),
            Fixtures.record("org.example/iso/d", "REFUSE d"),
            Fixtures.record("org.example/iso/e", "fine e"));

    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      // BUSY c's 503 asks for 30 s: the records not yet sent alone wait with it
      await().atMost(Duration.ofSeconds(20)).until(() -> payloadsSent("BUSY c") == 2);
      String late = Fixtures.stage(root.layout(), Fixtures.record("org.example/iso/f", "fine f"));
      time.advance(Duration.ofSeconds(10));
      await()
          .during(Duration.ofMillis(700))
          .atMost(Duration.ofSeconds(5))
          .until(() -> payloadsSent("BUSY c") == 2);

      time.advance(Duration.ofSeconds(50));
      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 4);
      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().deadLettered.get() == 2);

      assertThat(d.counters().otlpIsolations.get()).isEqualTo(1);
      assertThat(d.counters().retried.get()).isEqualTo(1); // only BUSY c's 503 failed
      assertThat(d.log())
          .containsOnlyOnce("rejected 2 of the 5 log records")
          .contains("each is sent again in a request of its own: 2 too long");
      assertThat(late).isNotIn(ids);
    }

    assertThat(seen.get(0).payloads().keySet()).containsExactlyInAnyOrderElementsOf(ids);
    // after the partial success, one record per request, even when BUSY c is due with another
    assertThat(seen).hasSize(8);
    assertThat(seen.subList(1, seen.size())).allSatisfy(s -> assertThat(s.size()).isEqualTo(1));
    assertThat(payloadsSent("BUSY c")).isEqualTo(3);
    Map<String, String> outcomes = outcomesById(root);
    assertThat(outcomes.get(ids.get(0))).isEqualTo("delivered");
    assertThat(outcomes.get(ids.get(1))).isEqualTo("dead-letter:200");
    assertThat(outcomes.get(ids.get(2))).isEqualTo("delivered");
    assertThat(outcomes.get(ids.get(3))).isEqualTo("dead-letter:400");
    assertThat(outcomes.get(ids.get(4))).isEqualTo("delivered");
    assertThat(Files.readString(root.layout().deadLetterDir().resolve(ids.get(1) + ".reason")))
        .contains("rejected the log record of the request: too long");
    assertThat(Files.readString(root.layout().deadLetterDir().resolve(ids.get(3) + ".reason")))
        .contains("HTTP 400");
    assertThat(root.layout().queueDir()).isEmptyDirectory();
  }

  @Test
  void withDeadLetterThePartiallyRejectedRequestIsDeadLetteredWholeAndNotSentAgain()
      throws Exception {
    FakeTime time = new FakeTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    postd.backend(collector(this::answerByMarker));
    TestRoot root = otlpRoot().set("otlp_partial_success", "dead-letter");
    List<String> ids =
        Fixtures.stageBatch(
            root.layout(),
            Fixtures.record("org.example/iso/a", "fine a"),
            Fixtures.record("org.example/iso/b", "REJECT b"),
            Fixtures.record("org.example/iso/e", "fine e"));

    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().deadLettered.get() == 3);
      assertThat(d.counters().otlpIsolations.get()).isZero();
    }

    assertThat(seen).hasSize(1);
    Map<String, String> outcomes = outcomesById(root);
    ids.forEach(id -> assertThat(outcomes.get(id)).isEqualTo("dead-letter:200"));
    assertThat(Files.readString(root.layout().deadLetterDir().resolve(ids.get(0) + ".reason")))
        .contains("rejected 1 of the 3 log records")
        .contains("otlp_partial_success=dead-letter");
  }

  private TestRoot otlpRoot() throws Exception {
    return postd
        .root(dir)
        .set("server", postd.backend().server.url("/v1/logs").toString())
        .set("post_format", "otlp")
        .set("otlp_compression", "none")
        .set("retry_max_delay_ms", "60000")
        .set("post_parallelism", "1");
  }

  /**
   * A collector that decodes each request and rejects, in a request of several records, as many as
   * carry REJECT or REFUSE without saying which; in a request of one: REJECT by partial success,
   * REFUSE by 400, BUSY by 503 with Retry-After 30 the first time it comes alone.
   */
  private MockResponse answerByMarker(Seen request) {
    if (request.size() > 1) {
      long rejected =
          request.payloads().values().stream()
              .filter(p -> p.startsWith("REJECT") || p.startsWith("REFUSE"))
              .count();
      return partial(rejected, rejected + " too long");
    }
    String payload = request.payloads().values().iterator().next();
    if (payload.startsWith("REJECT")) {
      return partial(1, "too long");
    }
    if (payload.startsWith("REFUSE")) {
      return new MockResponse.Builder().code(400).body("invalid").build();
    }
    if (payload.startsWith("BUSY") && payloadsSent(payload) == 2) {
      return new MockResponse.Builder().code(503).addHeader("Retry-After", "30").build();
    }
    return partial(0, "");
  }

  private long payloadsSent(String payload) {
    return seen.stream().filter(s -> s.payloads().containsValue(payload)).count();
  }

  private Function<RecordedRequest, MockResponse> collector(Function<Seen, MockResponse> answer) {
    return r -> {
      try {
        ExportLogsServiceRequest req =
            ExportLogsServiceRequest.parseFrom(r.getBody().toByteArray());
        Seen s =
            new Seen(
                req.getResourceLogsList().stream()
                    .flatMap(rl -> rl.getScopeLogsList().stream())
                    .flatMap(sl -> sl.getLogRecordsList().stream())
                    .collect(
                        Collectors.toMap(
                            OtlpIsolationTest::recordId, l -> l.getBody().getStringValue())));
        seen.add(s);
        return answer.apply(s);
      } catch (Exception e) {
        return new MockResponse.Builder().code(400).body("undecodable: " + e).build();
      }
    };
  }

  static MockResponse partial(long rejected, String message) {
    ExportLogsServiceResponse answer =
        ExportLogsServiceResponse.newBuilder()
            .setPartialSuccess(
                ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(rejected)
                    .setErrorMessage(message))
            .build();
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/x-protobuf")
        .body(new Buffer().write(answer.toByteArray()))
        .build();
  }

  static String recordId(LogRecord r) {
    return r.getAttributesList().stream()
        .filter(kv -> kv.getKey().equals("telemetrics.record_id"))
        .map(KeyValue::getValue)
        .findFirst()
        .orElseThrow()
        .getStringValue();
  }

  private static Map<String, String> outcomesById(TestRoot root) throws Exception {
    return DeliveryTest.journal(root.layout()).stream()
        .collect(Collectors.toMap(JournalEntry::recordId, e -> e.outcome().orElse("")));
  }
}

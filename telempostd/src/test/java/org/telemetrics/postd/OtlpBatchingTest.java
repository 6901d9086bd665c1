package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.TestRoot;

/** With post_format=otlp, queued records share requests within otlp_batch_bytes. */
@Timeout(60)
class OtlpBatchingTest {
  private static final int BOUND = 16_384;
  @TempDir Path dir;

  @Test
  void aRequestHoldsTheDueRecordsUpToTheByteBoundAndEveryRecordOnce() throws Exception {
    try (TestBackend backend = new TestBackend(r -> TestBackend.status(200))) {
      TestRoot root =
          Fixtures.root(dir, backend.server.url("/v1/logs").toString())
              .set("post_format", "otlp")
              .set("otlp_compression", "none")
              .set("otlp_batch_bytes", Integer.toString(BOUND))
              .set("post_parallelism", "1");
      Map<String, Long> bytes = new HashMap<>();
      for (int i = 0; i < 12; i++) { // about 4.4 KB each: three fit, four do not
        TelemetryRecord r = Fixtures.record("org.example/batch/r" + i, i + "x".repeat(4000));
        bytes.put(
            Fixtures.stage(root.layout(), r),
            (long) (r.headerText() + r.payload()).getBytes(StandardCharsets.UTF_8).length);
      }

      try (DaemonHarness d = DaemonHarness.start(root)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> d.counters().delivered.get() == 12);
      }

      List<List<String>> requests = new ArrayList<>();
      for (TestBackend.Hit h : backend.hits) {
        ExportLogsServiceRequest req =
            ExportLogsServiceRequest.parseFrom(h.request().getBody().toByteArray());
        requests.add(
            req.getResourceLogsList().stream()
                .flatMap(rl -> rl.getScopeLogsList().stream())
                .flatMap(sl -> sl.getLogRecordsList().stream())
                .map(OtlpBatchingTest::recordId)
                .toList());
      }
      assertThat(requests.stream().flatMap(List::stream))
          .containsExactlyInAnyOrderElementsOf(bytes.keySet());
      assertThat(requests)
          .allSatisfy(
              ids ->
                  assertThat(ids.stream().mapToLong(bytes::get).sum()).isLessThanOrEqualTo(BOUND));
      assertThat(requests).extracting(List::size).contains(3).allMatch(n -> n <= 3);
    }
  }

  private static String recordId(LogRecord r) {
    return r.getAttributesList().stream()
        .filter(kv -> kv.getKey().equals("telemetrics.record_id"))
        .map(KeyValue::getValue)
        .findFirst()
        .orElseThrow()
        .getStringValue();
  }
}

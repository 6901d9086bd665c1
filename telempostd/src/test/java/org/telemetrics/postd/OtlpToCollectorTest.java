package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.telemetrics.collector.BackendRules;
import org.telemetrics.collector.Collector;
import org.telemetrics.collector.CollectorOptions;
import org.telemetrics.log.Log;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.TestRoot;

/**
 * telempostd's OTLP requests to the local collector, which reads them back into records and checks
 * each by the public backend's rules: what telempostd sends in either encoding is stored whole; a
 * record the backend would refuse makes the collector answer a partial success, and then, by the
 * documented rules, the records of that request are sent again one by one (the refused one is
 * dead-lettered, the others are stored twice) or, with {@code otlp_partial_success=dead-letter},
 * all are kept in the dead letters with a reason saying how many of them arrived.
 */
@Timeout(60)
class OtlpToCollectorTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "protobuf,gzip,isolate",
    "json,none,isolate",
    "protobuf,none,dead-letter",
    "json,gzip,dead-letter"
  })
  void theCollectorStoresWhatTheBackendWouldAndAPartialSuccessIsResolvedAsConfigured(
      String encoding, String compression, String partialSuccess) throws Exception {
    boolean isolate = partialSuccess.equals("isolate");
    Path stored = dir.resolve("records.jsonl");
    ByteArrayOutputStream collectorLog = new ByteArrayOutputStream();
    try (Collector collector =
        Collector.start(
            new CollectorOptions("127.0.0.1", 0, stored, null, BackendRules.DEFAULT_TID, 1 << 20),
            new Log(
                "telemetrics-collector",
                new PrintStream(collectorLog, true, StandardCharsets.UTF_8),
                Log.Level.INFO,
                true))) {
      TestRoot root =
          Fixtures.root(dir.resolve("root"), collector.otlpUrl())
              .set("post_format", "otlp")
              .set("otlp_encoding", encoding)
              .set("otlp_compression", compression)
              .set("otlp_partial_success", partialSuccess)
              .set("post_parallelism", "1");
      // the backend knows no riscv64 machines
      HostInfo riscv =
          new HostInfo(
              "riscv64",
              Fixtures.HOST.hostType(),
              Fixtures.HOST.build(),
              Fixtures.HOST.kernelVersion(),
              Fixtures.HOST.systemName(),
              Fixtures.HOST.boardName(),
              Fixtures.HOST.cpuModel(),
              Fixtures.HOST.biosVersion());
      List<TelemetryRecord> records = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        records.add(Fixtures.record("org.example/otlp/r" + i, "payload " + i + "\nü"));
      }
      records.add(
          RecordBuilder.create("org.example/otlp/rv", riscv)
              .payload("from a riscv64")
              .build()
              .withMachineId("0123456789abcdef0123456789abcdef"));
      // one file, as telemprobd commits records that arrive together: queued at once
      List<String> ids =
          Fixtures.stageBatch(root.layout(), records.toArray(TelemetryRecord[]::new));
      String refused = ids.get(5);

      try (DaemonHarness d = DaemonHarness.start(root)) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> d.counters().delivered.get() + d.counters().deadLettered.get() == 6);
        assertThat(d.counters().deadLettered.get()).as(d.log()).isEqualTo(isolate ? 1 : 6);
      }

      // stored by the first request, and again alone when isolated
      int copies = isolate ? 2 : 1;
      List<String> lines = Files.readAllLines(stored);
      assertThat(lines).hasSize(5 * copies);
      for (int i = 0; i < 5; i++) {
        String id = ids.get(i);
        String classification = "\"classification\":\"org.example/otlp/r" + i + "\"";
        String payload = "\"payload\":\"payload " + i + "\\nü\"";
        assertThat(lines)
            .filteredOn(l -> l.contains("\"record_id\":\"" + id + "\""))
            .hasSize(copies)
            .allSatisfy(
                l ->
                    assertThat(l)
                        .contains("\"arch\":\"x86_64\"")
                        .contains(classification)
                        .contains(payload));
      }
      assertThat(lines)
          .allSatisfy(
              l ->
                  assertThat(l)
                      .contains("\"system_name\":\"debian\"")
                      .contains("\"cpu_model\":\"" + Fixtures.HOST.cpuModel() + "\"")
                      .contains("\"event_id\":\""));
      assertThat(lines).noneMatch(l -> l.contains(refused));
      assertThat(collectorLog.toString(StandardCharsets.UTF_8))
          .contains("rejected an OTLP log record: architecture is invalid");
      try (var dead = Files.list(root.layout().deadLetterDir())) {
        List<Path> reasons = dead.filter(p -> p.toString().endsWith(".reason")).toList();
        if (isolate) {
          assertThat(reasons).singleElement().asString().endsWith(refused + ".reason");
          assertThat(Files.readString(reasons.get(0)))
              .contains("the collector rejected the log record of the request")
              .contains("architecture is invalid");
        } else {
          assertThat(reasons)
              .hasSize(6)
              .allSatisfy(
                  p ->
                      assertThat(Files.readString(p))
                          .contains("the collector rejected 1 of the 6 log records of the request")
                          .contains("the 5 others were delivered: architecture is invalid"));
        }
      }
    }
  }
}

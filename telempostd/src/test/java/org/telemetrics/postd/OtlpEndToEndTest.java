package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * Probe client → real telemprobd → real telempostd with {@code post_format=otlp} → an OTLP receiver
 * written here, which decodes every request with the generated classes of opentelemetry-proto and
 * answers, in turn, a partial success, 429 with Retry-After, 503, 400, then success. Which records
 * were retried, dead-lettered and delivered exactly once is checked by record id.
 */
@Timeout(180)
class OtlpEndToEndTest {
  private static final int RECORDS = 20;
  private static final int BATCH = 5;
  @TempDir Path dir;

  /** One request as the receiver decoded it, and the status it answered. */
  record Exchange(long nanos, int status, long rejected, List<Decoded> records) {
    Set<String> ids() {
      return records.stream().map(Decoded::recordId).collect(Collectors.toSet());
    }
  }

  /** One log record with the resource and scope it came in. */
  record Decoded(
      Map<String, String> resource, String scope, LogRecord log, Map<String, String> attributes) {
    String recordId() {
      return attributes.get("telemetrics.record_id");
    }
  }

  @ParameterizedTest
  @CsvSource({"protobuf,gzip", "json,none"})
  void everyRecordIsDeliveredOnceOrDeadLetteredAfterTheCollectorsAnswers(
      String encoding, String compression) throws Exception {
    boolean json = encoding.equals("json");
    List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    try (TestBackend backend =
        new TestBackend(
            r -> {
              try {
                return answer(r, json, compression.equals("gzip"), exchanges);
              } catch (Exception | AssertionError e) {
                problems.add(e.toString());
                return new MockResponse.Builder().code(400).body("undecodable: " + e).build();
              }
            })) {
      TestRoot root =
          Fixtures.root(dir, backend.server.url("/v1/logs").toString())
              .set("post_format", "otlp")
              .set("otlp_encoding", encoding)
              .set("otlp_compression", compression)
              .set("otlp_batch_records", Integer.toString(BATCH))
              .set("post_parallelism", "1")
              .set("post_headers", "Authorization: Bearer fleet-token, X-Scope-OrgID: lab");
      Layout layout = root.layout();
      Map<String, String> payloads = new HashMap<>();
      try (JavaProcess probd = Probd.start(root, Fixtures.HOST)) {
        TelemetryClient client = TelemetryClient.create(root.config());
        for (int i = 0; i < RECORDS; i++) { // all queued before telempostd starts: full requests
          String payload = "payload " + i + "\nsecond line ü";
          payloads.put(
              Probd.send(client, "org.example/otlp" + (i % 2) + "/r" + i, payload), payload);
        }
        try (JavaProcess postd =
            JavaProcess.start(
                TelempostdProcessTest.MAIN, List.of(), root.env(), dir.resolve("postd.out"))) {
          await().atMost(Duration.ofSeconds(60)).until(() -> settled(layout) == RECORDS);
          postd.terminate();
          postd.waitFor(Duration.ofSeconds(20));
        }
      }

      assertThat(problems).isEmpty();
      assertThat(exchanges).extracting(Exchange::status).startsWith(200, 429, 503, 400);
      assertThat(exchanges.get(0).rejected()).isEqualTo(2);
      // full requests, but while the collector is failing one record at a time tests it
      assertThat(exchanges.subList(0, 4))
          .extracting(x -> x.records().size())
          .containsExactly(BATCH, BATCH, 1, 1);
      String machineId = Files.readString(root.config().path(ConfigKeys.MACHINE_ID_FILE)).strip();
      for (Exchange x : exchanges) {
        for (Decoded d : x.records()) {
          checkMapping(d, payloads, machineId);
        }
      }
      // every record ended in exactly one request that settled it: the partial success, the 400,
      // or a success; those answered 429 and 503 came again later
      List<Exchange> settling = new ArrayList<>();
      settling.add(exchanges.get(0));
      settling.add(exchanges.get(3));
      settling.addAll(exchanges.subList(4, exchanges.size()));
      List<String> settledIds = settling.stream().flatMap(x -> x.ids().stream()).toList();
      assertThat(settledIds)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(payloads.keySet());
      Set<String> retried =
          Stream.concat(exchanges.get(1).ids().stream(), exchanges.get(2).ids().stream())
              .collect(Collectors.toSet());
      Set<String> deliveredIds =
          exchanges.subList(4, exchanges.size()).stream()
              .flatMap(x -> x.ids().stream())
              .collect(Collectors.toSet());
      assertThat(deliveredIds).containsAll(retried);
      Set<String> deadIds =
          Stream.concat(exchanges.get(0).ids().stream(), exchanges.get(3).ids().stream())
              .collect(Collectors.toSet());
      assertThat(deadIds).hasSize(BATCH + 1).doesNotContainAnyElementsOf(deliveredIds);
      // the collector asked for 2 s: nothing was sent sooner
      assertThat(exchanges.get(2).nanos() - exchanges.get(1).nanos())
          .isGreaterThanOrEqualTo(1_900_000_000L);

      Map<String, String> outcomes =
          DeliveryTest.journal(layout).stream()
              .collect(Collectors.toMap(JournalEntry::recordId, e -> e.outcome().orElse("")));
      deliveredIds.forEach(id -> assertThat(outcomes.get(id)).isEqualTo("delivered"));
      exchanges
          .get(0)
          .ids()
          .forEach(id -> assertThat(outcomes.get(id)).isEqualTo("dead-letter:200"));
      exchanges
          .get(3)
          .ids()
          .forEach(id -> assertThat(outcomes.get(id)).isEqualTo("dead-letter:400"));
      try (Stream<Path> dead = Files.list(layout.deadLetterDir())) {
        String notes =
            dead.filter(p -> p.toString().endsWith(".reason"))
                .map(
                    p -> {
                      try {
                        return Files.readString(p);
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    })
                .collect(Collectors.joining("\n"));
        assertThat(notes)
            .contains("rejected 2 of the 5 log records")
            .contains("2 too long")
            .contains("HTTP 400 invalid attribute");
      }

      DaemonStatus s = StatusFile.read(root.config().path(ConfigKeys.POSTD_STATUS_FILE));
      assertThat(total(s, "attempts_429")).isEqualTo(BATCH);
      assertThat(total(s, "attempts_5xx")).isEqualTo(1);
      assertThat(total(s, "attempts_4xx")).isEqualTo(1);
      assertThat(total(s, "attempts_2xx")).isEqualTo(BATCH + deliveredIds.size());
      assertThat(total(s, "dead_lettered_status_200")).isEqualTo(BATCH);
      assertThat(total(s, "dead_lettered_status_400")).isEqualTo(1);
      assertThat(total(s, "delivered_class_other")).isEqualTo(deliveredIds.size());
      assertThat(layout.queueDir()).isEmptyDirectory();
    }
  }

  private static long settled(Layout layout) throws Exception {
    return DeliveryTest.outcomes(layout).stream().filter(o -> !o.isEmpty()).count();
  }

  private static long total(DaemonStatus s, String name) {
    return s.getLong(name + CounterTotals.SUFFIX).orElse(-1);
  }

  /** Decodes the request as a collector would and answers the next answer in turn. */
  private static MockResponse answer(
      RecordedRequest r, boolean json, boolean gzip, List<Exchange> exchanges) throws Exception {
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/logs");
    assertThat(r.getHeaders().get("Content-Type"))
        .startsWith(json ? "application/json" : "application/x-protobuf");
    assertThat(r.getHeaders().get("Content-Encoding")).isEqualTo(gzip ? "gzip" : null);
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer fleet-token");
    assertThat(r.getHeaders().get("X-Scope-OrgID")).isEqualTo("lab");
    byte[] body = r.getBody().toByteArray();
    if (gzip) {
      body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
    }
    ExportLogsServiceRequest request;
    if (json) {
      ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
      JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), b);
      request = b.build();
    } else {
      request = ExportLogsServiceRequest.parseFrom(body);
    }
    List<Decoded> records = new ArrayList<>();
    for (ResourceLogs rl : request.getResourceLogsList()) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord lr : sl.getLogRecordsList()) {
          records.add(
              new Decoded(
                  attributes(rl.getResource().getAttributesList()),
                  sl.getScope().getName(),
                  lr,
                  attributes(lr.getAttributesList())));
        }
      }
    }
    int n = exchanges.size();
    int status =
        switch (n) {
          case 1 -> 429;
          case 2 -> 503;
          case 3 -> 400;
          default -> 200;
        };
    long rejected = n == 0 ? 2 : 0;
    exchanges.add(new Exchange(System.nanoTime(), status, rejected, records));
    MockResponse.Builder response = new MockResponse.Builder().code(status);
    if (status == 429) {
      response.addHeader("Retry-After", "2");
    }
    if (status == 429 || status == 503) {
      return response.build();
    }
    String type = json ? "application/json" : "application/x-protobuf";
    if (status == 400) {
      return response.addHeader("Content-Type", type).body(rpcStatus(json)).build();
    }
    ExportLogsServiceResponse answer =
        ExportLogsServiceResponse.newBuilder()
            .setPartialSuccess(
                ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(rejected)
                    .setErrorMessage(rejected > 0 ? "2 too long" : ""))
            .build();
    Buffer bytes =
        json
            ? new Buffer().writeUtf8(JsonFormat.printer().print(answer))
            : new Buffer().write(answer.toByteArray());
    return response.addHeader("Content-Type", type).body(bytes).build();
  }

  /** A google.rpc.Status, whose class opentelemetry-proto does not ship: written by hand. */
  private static Buffer rpcStatus(boolean json) throws Exception {
    if (json) {
      return new Buffer().writeUtf8("{\"code\":3,\"message\":\"invalid attribute\"}");
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeInt32(1, 3);
    out.writeString(2, "invalid attribute");
    out.flush();
    return new Buffer().write(bytes.toByteArray());
  }

  private static Map<String, String> attributes(
      List<io.opentelemetry.proto.common.v1.KeyValue> list) {
    Map<String, String> m = new HashMap<>();
    for (var kv : list) {
      var v = kv.getValue();
      m.put(kv.getKey(), v.hasIntValue() ? Long.toString(v.getIntValue()) : v.getStringValue());
    }
    return m;
  }

  /** The documented mapping, against what the probe sent and telemprobd stamped. */
  private static void checkMapping(Decoded d, Map<String, String> payloads, String machineId) {
    String id = d.recordId();
    assertThat(payloads).containsKey(id);
    assertThat(d.log().getBody().getStringValue()).isEqualTo(payloads.get(id));
    String classification = d.attributes().get("telemetrics.classification");
    assertThat(classification).matches("org\\.example/otlp[01]/r\\d+");
    assertThat(d.scope()).isEqualTo(classification.substring(0, classification.lastIndexOf('/')));
    assertThat(d.log().getSeverityNumberValue()).isEqualTo(9);
    assertThat(d.log().getSeverityText()).isEqualTo("INFO");
    assertThat(d.attributes().get("telemetrics.event_id")).matches("[0-9a-f]{32}");
    assertThat(d.attributes().get("telemetrics.payload_format_version")).isEqualTo("1");
    assertThat(d.log().getTimeUnixNano() / 1_000_000_000L)
        .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(300L));
    assertThat(d.log().getObservedTimeUnixNano()).isGreaterThanOrEqualTo(d.log().getTimeUnixNano());
    assertThat(d.resource())
        .containsEntry("host.id", machineId)
        .containsEntry("host.arch", "amd64")
        .containsEntry("os.type", "linux")
        .containsEntry("os.name", Fixtures.HOST.systemName())
        .containsEntry("os.version", Fixtures.HOST.build())
        .containsEntry("telemetrics.cpu_model", Fixtures.HOST.cpuModel())
        .containsEntry("telemetrics.board_name", Fixtures.HOST.boardName())
        .containsEntry("telemetrics.bios_version", Fixtures.HOST.biosVersion())
        .containsEntry("service.name", "telemetrics-java");
  }
}

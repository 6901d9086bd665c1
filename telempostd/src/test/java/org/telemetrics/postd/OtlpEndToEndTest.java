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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
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
 * answers, in turn, 429 with Retry-After, 503, 400, then success, except that it rejects the log
 * records marked TOO-LONG with a partial success that does not say which. Which records were
 * retried, sent again one by one, dead-lettered and delivered exactly once is checked by record id.
 */
@Timeout(180)
class OtlpEndToEndTest {
  private static final int RECORDS = 20;
  private static final int BATCH = 5;
  @TempDir Path dir;

  private static final String MARK = "TOO-LONG";

  /** One request as the receiver decoded it, and the status it answered. */
  record Exchange(long nanos, int status, long rejected, List<Decoded> records) {
    Set<String> ids() {
      return records.stream().map(Decoded::recordId).collect(Collectors.toSet());
    }

    /** A partial success that rejected some but not all of its records. */
    boolean partlyRejected() {
      return status == 200 && rejected > 0 && rejected < records.size();
    }

    /** Taken whole by the collector (a 2xx that rejected none). */
    boolean taken() {
      return status == 200 && rejected == 0;
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
          String payload = "payload " + i + (i % 4 == 1 ? " " + MARK : "") + "\nsecond line ü";
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
      assertThat(exchanges).extracting(Exchange::status).startsWith(429, 503, 400);
      // a full request, but while the collector is failing one record at a time tests it
      assertThat(exchanges.subList(0, 3))
          .extracting(x -> x.records().size())
          .containsExactly(BATCH, 1, 1);
      String machineId = Files.readString(root.config().path(ConfigKeys.MACHINE_ID_FILE)).strip();
      for (Exchange x : exchanges) {
        for (Decoded d : x.records()) {
          checkMapping(d, payloads, machineId);
        }
      }
      // the collector asked for 2 s: nothing was sent sooner
      assertThat(exchanges.get(1).nanos() - exchanges.get(0).nanos())
          .isGreaterThanOrEqualTo(1_900_000_000L);
      String refused = exchanges.get(2).ids().iterator().next();
      Set<String> marked =
          payloads.entrySet().stream()
              .filter(e -> e.getValue().contains(MARK) && !e.getKey().equals(refused))
              .map(Map.Entry::getKey)
              .collect(Collectors.toSet());
      List<Exchange> isolating = exchanges.stream().filter(Exchange::partlyRejected).toList();
      assertThat(isolating).isNotEmpty();
      Set<String> isolated =
          isolating.stream().flatMap(x -> x.ids().stream()).collect(Collectors.toSet());
      // after a partial success its records went one per request, each until it was settled
      for (Exchange x : isolating) {
        List<Exchange> after = exchanges.subList(exchanges.indexOf(x) + 1, exchanges.size());
        for (String id : x.ids()) {
          assertThat(after).anyMatch(y -> y.ids().contains(id));
          assertThat(after)
              .filteredOn(y -> y.ids().contains(id))
              .allSatisfy(y -> assertThat(y.records()).hasSize(1));
        }
      }
      // the collector stored every record it took: the accepted ones of a partly rejected request
      // twice (as docs/protocol.md says), every other record once; the marked ones never
      for (String id : payloads.keySet()) {
        long stored =
            exchanges.stream().filter(x -> x.status() == 200 && x.ids().contains(id)).count();
        long taken = exchanges.stream().filter(x -> x.taken() && x.ids().contains(id)).count();
        if (id.equals(refused)) {
          assertThat(taken).isZero();
        } else if (marked.contains(id)) {
          assertThat(taken).as("marked %s", id).isZero();
        } else {
          assertThat(taken).as("accepted %s", id).isEqualTo(1);
          assertThat(stored).as("sent with a 2xx %s", id).isEqualTo(isolated.contains(id) ? 2 : 1);
        }
      }

      // the client's accounting: every record settled exactly once, nothing lost
      List<JournalEntry> settledEntries =
          DeliveryTest.journal(layout).stream().filter(e -> e.outcome().isPresent()).toList();
      assertThat(settledEntries)
          .extracting(JournalEntry::recordId)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(payloads.keySet());
      Map<String, String> outcomes =
          settledEntries.stream()
              .collect(Collectors.toMap(JournalEntry::recordId, e -> e.outcome().orElse("")));
      for (String id : payloads.keySet()) {
        String expected =
            id.equals(refused)
                ? "dead-letter:400"
                : marked.contains(id) ? "dead-letter:200" : "delivered";
        assertThat(outcomes.get(id)).as(id).isEqualTo(expected);
      }
      for (String id : marked) {
        assertThat(Files.readString(layout.deadLetterDir().resolve(id + ".reason")))
            .contains("partial success: the collector rejected")
            .contains("too long");
      }
      assertThat(Files.readString(layout.deadLetterDir().resolve(refused + ".reason")))
          .contains("HTTP 400 invalid attribute");

      long delivered = payloads.size() - marked.size() - 1;
      DaemonStatus s = StatusFile.read(root.config().path(ConfigKeys.POSTD_STATUS_FILE));
      assertThat(total(s, "attempts_429")).isEqualTo(BATCH);
      assertThat(total(s, "attempts_5xx")).isEqualTo(1);
      assertThat(total(s, "attempts_4xx")).isEqualTo(1);
      assertThat(total(s, "attempts_2xx"))
          .isEqualTo(
              exchanges.stream()
                  .filter(x -> x.status() == 200)
                  .mapToLong(x -> x.records().size())
                  .sum());
      assertThat(total(s, "dead_lettered_status_200")).isEqualTo(marked.size());
      assertThat(total(s, "dead_lettered_status_400")).isEqualTo(1);
      assertThat(total(s, "delivered_class_other")).isEqualTo(delivered);
      assertThat(total(s, "otlp_isolations")).isEqualTo(isolating.size());
      assertThat(layout.queueDir()).isEmptyDirectory();
    }
  }

  @Test
  void anIsolationInterruptedByKillNineGoesOnOneRecordPerRequestAfterTheRestart() throws Exception {
    List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    CountDownLatch killed = new CountDownLatch(1);
    AtomicBoolean holdFirstAlone = new AtomicBoolean(true);
    try (TestBackend backend =
        new TestBackend(
            r -> {
              try {
                List<Decoded> records = decode(r, false, false);
                long rejected = marked(records);
                if (records.size() == 1 && holdFirstAlone.getAndSet(false)) {
                  exchanges.add(new Exchange(System.nanoTime(), 0, 0, records));
                  killed.await(60, TimeUnit.SECONDS); // telempostd dies waiting for this answer
                  return TestBackend.status(200);
                }
                exchanges.add(new Exchange(System.nanoTime(), 200, rejected, records));
                return partialSuccess(rejected, false);
              } catch (Exception | AssertionError e) {
                problems.add(e.toString());
                return new MockResponse.Builder().code(400).body("undecodable: " + e).build();
              }
            })) {
      TestRoot root =
          Fixtures.root(dir, backend.server.url("/v1/logs").toString())
              .set("post_format", "otlp")
              .set("otlp_compression", "none")
              .set("otlp_batch_records", Integer.toString(BATCH))
              .set("post_parallelism", "1")
              .set("post_read_timeout_ms", "120000")
              .set("post_headers", "Authorization: Bearer fleet-token, X-Scope-OrgID: lab");
      Layout layout = root.layout();
      Map<String, String> payloads = new HashMap<>();
      Set<String> isolated = new HashSet<>();
      try (JavaProcess probd = Probd.start(root, Fixtures.HOST)) {
        TelemetryClient client = TelemetryClient.create(root.config());
        for (int i = 0; i < BATCH; i++) { // one request, whose records are then isolated
          String payload = "payload " + i + (i % 4 == 1 ? " " + MARK : "");
          payloads.put(Probd.send(client, "org.example/otlp/r" + i, payload), payload);
        }
        try (JavaProcess postd =
            JavaProcess.start(
                TelempostdProcessTest.MAIN, List.of(), root.env(), dir.resolve("postd.out"))) {
          try {
            await()
                .atMost(Duration.ofSeconds(60))
                .until(
                    () ->
                        !postd.process().isAlive()
                            || exchanges.stream().anyMatch(x -> x.status() == 0));
          } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(exchanges + "\n" + postd.output(), e);
          }
          assertThat(postd.process().isAlive()).as(postd.output()).isTrue();
          int held = exchanges.size() - 1;
          assertThat(exchanges.get(held).status()).isZero();
          assertThat(exchanges.get(held - 1).partlyRejected()).isTrue();
          isolated.addAll(exchanges.get(held - 1).ids());
          assertThat(isolated).contains(exchanges.get(held).ids().iterator().next());
          // every record of the partly rejected request is noted to go alone before any is sent
          for (String id : isolated) {
            assertThat(layout.queueDir().resolve(id + ".retry")).content().contains("alone: true");
          }
          postd.kill9();
          postd.waitFor(Duration.ofSeconds(20));
        } finally {
          killed.countDown();
        }
        try (JavaProcess postd =
            JavaProcess.start(
                TelempostdProcessTest.MAIN, List.of(), root.env(), dir.resolve("postd2.out"))) {
          await().atMost(Duration.ofSeconds(60)).until(() -> settled(layout) == BATCH);
          postd.terminate();
          postd.waitFor(Duration.ofSeconds(20));
        }
      }

      assertThat(problems).isEmpty();
      List<Exchange> afterKill =
          exchanges.subList(
              exchanges.indexOf(exchanges.stream().filter(x -> x.status() == 0).findFirst().get())
                  + 1,
              exchanges.size());
      for (String id : isolated) {
        assertThat(afterKill)
            .filteredOn(x -> x.ids().contains(id))
            .singleElement()
            .satisfies(x -> assertThat(x.records()).hasSize(1));
      }
      Map<String, String> outcomes =
          DeliveryTest.journal(layout).stream()
              .filter(e -> e.outcome().isPresent())
              .collect(Collectors.toMap(JournalEntry::recordId, e -> e.outcome().get()));
      assertThat(outcomes).containsOnlyKeys(payloads.keySet());
      payloads.forEach(
          (id, payload) ->
              assertThat(outcomes.get(id))
                  .as(payload)
                  .isEqualTo(payload.contains(MARK) ? "dead-letter:200" : "delivered"));
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
    List<Decoded> records = decode(r, json, gzip);
    int n = exchanges.size();
    int status =
        switch (n) {
          case 0 -> 429;
          case 1 -> 503;
          case 2 -> 400;
          default -> 200;
        };
    long rejected = status != 200 ? 0 : marked(records);
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
    return partialSuccess(rejected, json);
  }

  private static long marked(List<Decoded> records) {
    return records.stream().filter(d -> d.log().getBody().getStringValue().contains(MARK)).count();
  }

  /** A 200 with a partial success rejecting {@code rejected} records (0: full success). */
  private static MockResponse partialSuccess(long rejected, boolean json) throws Exception {
    ExportLogsServiceResponse answer =
        ExportLogsServiceResponse.newBuilder()
            .setPartialSuccess(
                ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(rejected)
                    .setErrorMessage(rejected > 0 ? rejected + " too long" : ""))
            .build();
    Buffer bytes =
        json
            ? new Buffer().writeUtf8(JsonFormat.printer().print(answer))
            : new Buffer().write(answer.toByteArray());
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", json ? "application/json" : "application/x-protobuf")
        .body(bytes)
        .build();
  }

  /** The request's log records, decoded as a collector would after checking its headers. */
  private static List<Decoded> decode(RecordedRequest r, boolean json, boolean gzip)
      throws Exception {
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
    return records;
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

package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.log.Log;

/**
 * POST /v1/logs on a real loopback port: OTLP requests made with the generated classes of
 * opentelemetry-proto, each log record checked by the backend's rules.
 */
@Timeout(30)
class OtlpCollectorTest {
  private static final String TID = "X-Telemetry-TID";
  @TempDir Path dir;
  private Collector collector;
  private Path output;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    output = dir.resolve("records.jsonl");
    collector =
        Collector.start(
            new CollectorOptions("127.0.0.1", 0, output, null, BackendRules.DEFAULT_TID, 65_536),
            new Log(
                "telemetrics-collector",
                new PrintStream(new ByteArrayOutputStream()),
                Log.Level.INFO));
  }

  @AfterEach
  void stop() throws IOException {
    collector.close();
  }

  @Test
  void aGzippedProtobufRequestIsStoredAsTheRecordsItCarries() throws Exception {
    byte[] body =
        gzip(
            request(
                    logRecord("org.example/otlp/a", "aa", 13),
                    logRecord("org.example/otlp/b", "bb", 21))
                .toByteArray());

    HttpResponse<byte[]> r = post("application/x-protobuf", "gzip", body);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(ExportLogsServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .contains("\"classification\":\"org.example/otlp/a\"")
        .contains("\"severity\":\"2\"")
        .contains("\"arch\":\"x86_64\"")
        .contains("\"creation_timestamp\":\"1795347992\"")
        .contains("\"machine_id\":\"0123456789abcdef0123456789abcdef\"")
        .contains("\"record_id\":\"aa" + "0".repeat(30) + "\"")
        .contains("\"payload\":\"payload of org.example/otlp/a\"");
    assertThat(lines.get(1)).contains("\"severity\":\"4\"");
  }

  private HttpAnswer handleWithSyncs(Path file, JsonLinesStore.Syncer syncer) throws Exception {
    try (JsonLinesStore store = new JsonLinesStore(file, syncer)) {
      OtlpLogsHandler handler =
          new OtlpLogsHandler(
              BackendRules.withDefaultTid(),
              store,
              65_536,
              Clock.systemUTC(),
              new Log("t", new PrintStream(new ByteArrayOutputStream()), Log.Level.INFO));
      byte[] body =
          request(
                  logRecord("org.example/otlp/a", "aa", 9),
                  logRecord("org.example/otlp/b", "bb", 9),
                  logRecord("org.example/otlp/c", "cc", 9))
              .toByteArray();
      return handler.handle(
          new org.telemetrics.collector.HttpRequest(
              "POST",
              "/v1/logs",
              Map.of(
                  "Content-Type",
                  List.of("application/x-protobuf"),
                  TID,
                  List.of(BackendRules.DEFAULT_TID)),
              body,
              true));
    }
  }

  @Test
  void theRecordsOfOneRequestShareOneSync() throws Exception {
    Path file = dir.resolve("shared.jsonl");
    AtomicInteger syncs = new AtomicInteger();

    HttpAnswer answer =
        handleWithSyncs(
            file,
            channel -> {
              syncs.incrementAndGet();
              channel.force(false);
            });

    assertThat(answer.status()).isEqualTo(200);
    assertThat(Files.readAllLines(file)).hasSize(3);
    assertThat(syncs).hasValue(1);
  }

  @Test
  void aFailedSyncIsAnsweredWithARetryable503AndNotAsSuccess() throws Exception {
    HttpAnswer answer =
        handleWithSyncs(
            dir.resolve("failing.jsonl"),
            channel -> {
              throw new IOException("No space left on device");
            });

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body()).startsWith(8, 14); // google.rpc.Status code 14, UNAVAILABLE
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .endsWith("could not store the records");
  }

  @Test
  void aJsonRequestWithAnInvalidRecordGetsAPartialSuccessWithTheBackendsMessage() throws Exception {
    LogRecord bad =
        logRecord("org.example/otlp/c", "cc", 9).toBuilder()
            .removeAttributes(1)
            .build(); // without telemetrics.event_id
    String json =
        JsonFormat.printer().print(request(logRecord("org.example/otlp/a", "aa", 9), bad));

    HttpResponse<byte[]> r = post("application/json", null, json.getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(200);
    ExportLogsServiceResponse.Builder answer = ExportLogsServiceResponse.newBuilder();
    JsonFormat.parser().merge(new String(r.body(), StandardCharsets.UTF_8), answer);
    assertThat(answer.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
    assertThat(answer.getPartialSuccess().getErrorMessage())
        .isEqualTo("Record-Format-Version headers are invalid, Event-Id missing");
    assertThat(Files.readAllLines(output)).hasSize(1);
  }

  @Test
  void requestsThatCannotBeReadAreRefusedWithAStatusMessage() throws Exception {
    HttpResponse<byte[]> garbage = post("application/x-protobuf", null, new byte[] {10, 99, 1});
    HttpResponse<byte[]> text = post("text/plain", null, new byte[] {1});
    HttpResponse<byte[]> notGzip = post("application/json", "gzip", "{}".getBytes());
    HttpResponse<byte[]> bomb = post("application/json", "gzip", gzip(new byte[1 << 20]));

    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(new String(garbage.body(), StandardCharsets.ISO_8859_1))
        .contains("not an OTLP logs request: a field is longer than its message");
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(notGzip.statusCode()).isEqualTo(400);
    assertThat(new String(notGzip.body(), StandardCharsets.UTF_8))
        .startsWith("{\"code\":3,\"message\":\"cannot decompress the body");
    assertThat(bomb.statusCode()).isEqualTo(413);
    assertThat(Files.readAllLines(output)).isEmpty();
  }

  @Test
  void severityNumbersOfEachLevelAreTheRecordsSeverity() {
    assertThat(List.of(9, 12, 13, 17, 21, 24, 8, 25))
        .extracting(OtlpRecordHeaders::severity)
        .containsExactly(1, 1, 2, 3, 4, 4, 0, 0);
    assertThat(OtlpLogsDecoder.severity("SEVERITY_NUMBER_WARN2")).isEqualTo(14);
  }

  private HttpResponse<byte[]> post(String type, String encoding, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(collector.otlpUrl()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", type)
            .header(TID, BackendRules.DEFAULT_TID)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      b.header("Content-Encoding", encoding);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static ExportLogsServiceRequest request(LogRecord... records) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(text("host.id", "0123456789abcdef0123456789abcdef"))
                        .addAttributes(text("host.arch", "amd64"))
                        .addAttributes(text("os.type", "linux"))
                        .addAttributes(text("os.name", "debian"))
                        .addAttributes(text("os.version", "12"))
                        .addAttributes(text("telemetrics.kernel_version", "6.1.0-18-amd64"))
                        .addAttributes(text("telemetrics.host_type", "QEMU|Standard PC|pc"))
                        .addAttributes(text("telemetrics.board_name", "no_bn_file|no_bv_file"))
                        .addAttributes(text("telemetrics.cpu_model", "AMD EPYC"))
                        .addAttributes(text("telemetrics.bios_version", "1.16")))
                .addScopeLogs(
                    ScopeLogs.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("org.example/otlp"))
                        .addAllLogRecords(List.of(records))))
        .build();
  }

  private static LogRecord logRecord(String classification, String idStart, int severity) {
    return LogRecord.newBuilder()
        .setTimeUnixNano(1_795_347_992_000_000_000L)
        .setObservedTimeUnixNano(1_795_347_993_000_000_000L)
        .setSeverityNumber(SeverityNumber.forNumber(severity))
        .setBody(AnyValue.newBuilder().setStringValue("payload of " + classification))
        .addAttributes(text("telemetrics.classification", classification))
        .addAttributes(text("telemetrics.event_id", "beb663772d882121cbe8e7fc0f73ce43"))
        .addAttributes(text("telemetrics.record_id", idStart + "0".repeat(30)))
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("telemetrics.payload_format_version")
                .setValue(AnyValue.newBuilder().setIntValue(1)))
        .build();
  }

  private static KeyValue text(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}

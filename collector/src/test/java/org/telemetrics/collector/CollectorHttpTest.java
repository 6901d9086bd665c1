package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.log.Log;
import org.telemetrics.testing.GoldenVectors;

/** The collector on a real loopback port, driven by a real HTTP client. */
@Timeout(30)
class CollectorHttpTest {
  @TempDir Path dir;

  private Collector collector;
  private Path output;
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws IOException {
    output = dir.resolve("records.jsonl");
    collector = startCollector(CollectorOptions.defaults());
  }

  private Collector startCollector(CollectorOptions base) throws IOException {
    CollectorOptions options =
        new CollectorOptions(base.bind(), 0, output, dir.resolve("url"), base.tid(), 4096);
    return Collector.start(
        options,
        new Log(
            "telemetrics-collector",
            new PrintStream(logBytes, true, StandardCharsets.UTF_8),
            Log.Level.INFO));
  }

  @AfterEach
  void stop() throws IOException {
    collector.close();
  }

  private HttpResponse<String> post(String path, Map<String, String> headers, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base().resolve(path))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> request(String method, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base().resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI base() {
    return URI.create(collector.url()).resolve("/");
  }

  private List<String> storedLines() throws IOException {
    return Files.readAllLines(output, StandardCharsets.UTF_8);
  }

  @Test
  void theUrlIsWrittenAndPointsAtTheV2Route() throws IOException {
    assertThat(collector.url()).matches("http://127\\.0\\.0\\.1:\\d+/v2/collector");
    assertThat(Files.readString(dir.resolve("url"))).isEqualTo(collector.url() + "\n");
  }

  @Test
  void aValidRecordIsStoredAndAnsweredWith201() throws Exception {
    Map<String, String> headers =
        new ValidRecord().set(CollectedRecord.RECORD_ID_HEADER, "rid-42").asMap();

    HttpResponse<String> r = post("/v2/collector", headers, "hello\n".getBytes());

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.body())
        .startsWith("{\"id\":1,")
        .contains("\"record_id\":\"rid-42\"")
        .contains("\"classification\":\"org.example/acceptance/hello\"");
    List<String> lines = storedLines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .isEqualTo(r.body().strip())
        .contains("\"payload\":\"hello\\n\"")
        .contains("\"external\":false")
        .contains("\"event_id\":\"0123456789abcdef0123456789abcdef\"");
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .contains("<6>telemetrics-collector: accepted record 1 org.example/acceptance/hello");
  }

  @Test
  void theRootRouteTakesRecordsToo() throws Exception {
    HttpResponse<String> r = post("/", new ValidRecord().asMap(), new byte[0]);

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(storedLines()).hasSize(1).allMatch(l -> l.contains("\"payload\":\"\""));
  }

  @Test
  void anInvalidRecordIsAnswered400WithTheReasonAndNotStored() throws Exception {
    HttpResponse<String> r =
        post("/v2/collector", new ValidRecord().set("Arch", "riscv64").asMap(), "x".getBytes());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body().strip()).isEqualTo("{\"message\":\"architecture is invalid\"}");
    assertThat(storedLines()).isEmpty();
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .contains("<4>telemetrics-collector: rejected a record: architecture is invalid");
  }

  @Test
  void externalRecordsAreMarked() throws Exception {
    post("/v2/collector", new ValidRecord().set("X-CLR-External", "true").asMap(), new byte[0]);

    assertThat(storedLines().get(0)).contains("\"external\":true").contains("\"record_id\":null");
  }

  @Test
  void aBodyThatIsNotUtf8IsStoredAsLatin1() throws Exception {
    post("/v2/collector", new ValidRecord().asMap(), new byte[] {'a', (byte) 0xe9, 'b'});

    assertThat(storedLines().get(0)).contains("\"payload\":\"a\u00e9b\"");
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() throws Exception {
    HttpResponse<String> r = post("/v2/collector", new ValidRecord().asMap(), new byte[4097]);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(storedLines()).isEmpty();
  }

  @Test
  void aBodyAtTheLimitIsAccepted() throws Exception {
    HttpResponse<String> r = post("/v2/collector", new ValidRecord().asMap(), new byte[4096]);

    assertThat(r.statusCode()).isEqualTo(201);
  }

  @Test
  void getOnTheRecordRoutesRedirectsToTheUi() throws Exception {
    for (String path : List.of("/", "/v2/collector")) {
      HttpResponse<String> r = request("GET", path);

      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(r.headers().firstValue("Location")).contains("/telemetryui");
    }
  }

  @Test
  void otherRoutesAndMethodsAreRefused() throws Exception {
    assertThat(post("/v3/collector", new ValidRecord().asMap(), new byte[0]).statusCode())
        .isEqualTo(404);
    assertThat(request("PUT", "/v2/collector").statusCode()).isEqualTo(405);
    assertThat(request("DELETE", "/api/records").statusCode()).isEqualTo(405);
    assertThat(storedLines()).isEmpty();
  }

  @Test
  void apiRecordsListsNewestFirst() throws Exception {
    post(
        "/v2/collector", new ValidRecord().set("Classification", "a/b/first").asMap(), new byte[0]);
    post(
        "/v2/collector",
        new ValidRecord().set("Classification", "a/b/second").asMap(),
        new byte[0]);

    HttpResponse<String> r = request("GET", "/api/records");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("{\"records\":[{\"id\":2,");
    assertThat(r.body().indexOf("a/b/second")).isLessThan(r.body().indexOf("a/b/first"));
  }

  @Test
  void idsContinueAfterARestart() throws Exception {
    post("/v2/collector", new ValidRecord().asMap(), new byte[0]);
    collector.close();

    collector = startCollector(CollectorOptions.defaults());
    HttpResponse<String> r = post("/v2/collector", new ValidRecord().asMap(), new byte[0]);

    assertThat(r.body()).startsWith("{\"id\":2,");
    assertThat(storedLines()).hasSize(2);
    assertThat(collector.recentRecords()).hasSize(2);
  }

  @Test
  void concurrentPostsGetDistinctIdsAndWholeLines() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String payload = "p" + i + "-" + "x".repeat(500);
        results.add(
            pool.submit(
                () ->
                    post("/v2/collector", new ValidRecord().asMap(), payload.getBytes())
                        .statusCode()));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> lines = storedLines();
    assertThat(lines).hasSize(40);
    assertThat(lines.stream().map(l -> l.substring(0, l.indexOf(','))).distinct()).hasSize(40);
    assertThat(lines).allMatch(l -> l.startsWith("{\"id\":") && l.endsWith("}"));
  }

  @Test
  void theCapturedC24PostReplayedByteForByteFindsNoRoute() throws Exception {
    byte[] raw = GoldenVectors.bytes("http/c-client-json-post.txt");

    String answer = rawExchange(raw);

    assertThat(answer).startsWith("HTTP/1.1 404");
  }

  @Test
  void theCapturedC24PostOnTheV2RouteIsRejectedLikeTheBackendRejectsIt() throws Exception {
    String raw =
        new String(GoldenVectors.bytes("http/c-client-json-post.txt"), StandardCharsets.ISO_8859_1)
            .replace("POST /v3/collector", "POST /v2/collector");

    String answer = rawExchange(raw.getBytes(StandardCharsets.ISO_8859_1));

    assertThat(answer)
        .startsWith("HTTP/1.1 400")
        .contains("{\"message\":\"Record-Format-Version is invalid\"}");
    assertThat(storedLines()).isEmpty();
  }

  /** Sends raw request bytes (CRLF line ends) and reads the answer until the server closes. */
  private String rawExchange(byte[] request) throws IOException {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    int split = text.indexOf("\r\n\r\n");
    int sep = 4;
    if (split < 0) {
      split = text.indexOf("\n\n");
      sep = 2;
    }
    String head = text.substring(0, split).replace("\r\n", "\n").replace("\n", "\r\n");
    String body = text.substring(split + sep);
    head = head.replaceAll("Content-Length: \\d+", "Content-Length: " + body.length());
    try (Socket s = new Socket("127.0.0.1", collector.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          (head + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}

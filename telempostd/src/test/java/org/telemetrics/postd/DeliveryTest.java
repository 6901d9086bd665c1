package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.testing.GoldenVectors;
import org.telemetrics.testing.TestRoot;

/**
 * The delivery acceptance scenarios, end to end: a probe client sends to the real telemprobd, the
 * real telempostd posts to a mockwebserver3 backend.
 */
@Timeout(90)
class DeliveryTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  static List<JournalEntry> journal(Layout layout) throws Exception {
    if (!Files.exists(layout.journalFile())) {
      return List.of();
    }
    List<JournalEntry> entries = new ArrayList<>();
    for (String line : Files.readAllLines(layout.journalFile())) {
      entries.add(JournalFormat.parse(line));
    }
    return List.copyOf(entries);
  }

  static List<String> outcomes(Layout layout) throws Exception {
    return journal(layout).stream().map(e -> e.outcome().orElse("")).toList();
  }

  @Test
  void headersRequestPassesEveryBackendRuleAndIsJournaled() throws Exception {
    TestBackend backend =
        postd.backend(
            r ->
                Fixtures.backendViolation(r)
                    .map(
                        msg ->
                            new MockResponse.Builder()
                                .code(400)
                                .body("{\"message\": \"" + msg + "\"}")
                                .build())
                    .orElse(TestBackend.status(201)));
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    try (Pipeline p = Pipeline.start(root)) {
      TelemetryRecord a =
          p.client.newRecord("org.example/acceptance/hello").payload("hello from a test").build();
      TelemetryRecord b =
          p.client
              .newRecord("org.example/acceptance/two")
              .severity(3)
              .payload("line 1\nline 2\n")
              .build();
      String idA = p.send(a);
      String idB = p.send(b);
      await().atMost(Duration.ofSeconds(20)).until(() -> journal(layout).size() == 2);
      assertThat(outcomes(layout)).containsOnly("delivered");
      assertThat(backend.hits).hasSize(2);
      for (TestBackend.Hit hit : backend.hits) {
        var h = Fixtures.headers(hit.request());
        assertThat(Fixtures.backendViolation(hit.request())).isEmpty();
        assertThat(h.get("User-Agent")).startsWith("telempostd/");
        assertThat(hit.request().getMethod()).isEqualTo("POST");
        TelemetryRecord sent = hit.recordId().equals(idA) ? a : b;
        assertThat(h.get("Cpu-Model")).isEqualTo("AMD EPYC 7B13 64-Core");
        assertThat(h.get("Event-Id")).isEqualTo(sent.eventId());
        assertThat(h.get("Machine-Id")).hasSize(32).isNotEqualTo(sent.machineId());
        assertThat(hit.request().getBody().string(StandardCharsets.UTF_8))
            .isEqualTo(sent.payload());
      }
      assertThat(backend.hits)
          .extracting(TestBackend.Hit::recordId)
          .containsExactlyInAnyOrder(idA, idB);
      JournalEntry first =
          journal(layout).stream().filter(e -> e.recordId().equals(idA)).findFirst().orElseThrow();
      assertThat(first.classification()).isEqualTo(a.classification());
      assertThat(first.eventId()).isEqualTo(a.eventId());
      assertThat(first.timestamp())
          .isCloseTo(Fixtures.now(), org.assertj.core.data.Offset.offset(10L));
      assertThat(layout.queueDir()).isEmptyDirectory();
      assertThat(layout.stagingDir()).isEmptyDirectory();
      await().atMost(Duration.ofSeconds(10)).until(() -> p.status(DaemonStatus.DELIVERED) == 2);
    }
  }

  @Test
  void jsonBodyIsTheCFormWithoutItsBugs() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir).set("post_format", "json").set("record_expiry", "100000000");
    // The host and record of the captured C request. C cut "AMD EPYC" to "AMD" and sent
    // "hello\n" as "hello\n\n"; with a one-word cpu model the bodies must be identical apart
    // from that extra newline.
    HostInfo cHost =
        new HostInfo(
            "x86_64",
            "no_sv_file|no_pn_file|no_pvr_file",
            "\"12\"",
            "6.18.44-fc-v657",
            "debian",
            "no_bn_file|no_bv_file",
            "AMD",
            "no_bv_file");
    Path staticId = root.layout().staticMachineIdFile();
    Files.createDirectories(staticId.getParent());
    Files.writeString(staticId, "b50868134a6d84e17a053f6a20f13bd8");
    String capture =
        new String(GoldenVectors.bytes("http/c-client-json-post.txt"), StandardCharsets.UTF_8);
    String cBody = capture.substring(capture.indexOf("{\"record_format_version")).strip();
    try (Pipeline p = Pipeline.start(root, cHost)) {
      String id =
          p.send(
              p.client
                  .newRecord("org.clearlinux/hello/world")
                  .creationTimestamp(1795347235)
                  .eventId("beb663772d882121cbe8e7fc0f73ce43")
                  .payload("hello\n")
                  .build());
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 1);
      var first = backend.hits.get(0).request();
      assertThat(first.getHeaders().get("Content-Type")).startsWith("application/json");
      assertThat(first.getHeaders().get("X-Telemetry-TID")).isEqualTo(Fixtures.DEFAULT_TID);
      assertThat(Fixtures.recordId(first)).isEqualTo(id);
      assertThat(first.getBody().string(StandardCharsets.UTF_8))
          .isEqualTo(cBody.replace("\"payload\":\"hello\\n\\n\"", "\"payload\":\"hello\\n\""));
    }
  }

  @Test
  void jsonValuesAreNotCutAtTheirFirstSpace() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir).set("post_format", "json");
    try (Pipeline p = Pipeline.start(root)) {
      p.send("org.example/json/spaces", "no newline added");
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 1);
      String body = backend.hits.get(0).request().getBody().string(StandardCharsets.UTF_8);
      assertThat(body)
          .contains("\"cpu_model\":\"AMD EPYC 7B13 64-Core\"")
          .contains("\"host_type\":\"QEMU|Standard PC (Q35)|pc-q35-8.2\"")
          .endsWith("\"payload\":\"no newline added\"}");
    }
  }

  @Test
  void threeServerErrorsThenCreatedDeliversOnceAfterFullJitterWaits() throws Exception {
    AtomicInteger n = new AtomicInteger();
    TestBackend backend =
        postd.backend(r -> TestBackend.status(n.incrementAndGet() <= 3 ? 500 : 201));
    // 500 ms doubling, full jitter: the n-th wait is drawn from [0, 500 * 2^(n-1)] ms
    TestRoot root =
        postd.root(dir).set("retry_initial_delay_ms", "500").set("retry_max_delay_ms", "5000");
    Layout layout = root.layout();
    try (Pipeline p = Pipeline.start(root)) {
      String id = p.send("org.example/retry/once", "x");
      await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(layout).size() == 1);
      assertThat(outcomes(layout)).containsExactly("delivered");
      assertThat(backend.hits).hasSize(4).allMatch(h -> h.recordId().equals(id));
      for (int attempt = 1; attempt <= 3; attempt++) {
        Matcher m =
            Pattern.compile("attempt " + attempt + " failed \\(HTTP 500[^\\n]*next in (\\d+) ms")
                .matcher(p.postdLog());
        assertThat(m.find()).as("attempt %d in the log", attempt).isTrue();
        long waited = Long.parseLong(m.group(1));
        assertThat(waited).isBetween(0L, 500L << (attempt - 1));
        long gap = backend.hits.get(attempt).nanos() - backend.hits.get(attempt - 1).nanos();
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(waited - 20).toNanos());
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  p.status(DaemonStatus.DELIVERED) == 1
                      && p.status(DaemonStatus.FAILED_ATTEMPTS) == 3);
      assertThat(layout.queueDir()).isEmptyDirectory();
    }
  }

  @Test
  void retryAfterIsHonouredByEveryRequest() throws Exception {
    AtomicInteger n = new AtomicInteger();
    TestBackend backend =
        postd.backend(
            r ->
                n.incrementAndGet() == 1
                    ? new MockResponse.Builder().code(429).addHeader("Retry-After", "2").build()
                    : TestBackend.status(201));
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    try (Pipeline p = Pipeline.start(root)) {
      p.send("org.example/throttle/r1", "1");
      // the 429 has been read (the request arriving is not enough: r2 could go out before it)
      await().atMost(Duration.ofSeconds(20)).until(() -> p.postdLog().contains("pausing sends"));
      p.send("org.example/throttle/r2", "2");
      p.send("org.example/throttle/r3", "3");
      await().atMost(Duration.ofSeconds(20)).until(() -> outcomes(layout).size() == 3);
      assertThat(backend.hits).hasSize(4);
      long first = backend.hits.get(0).nanos();
      for (TestBackend.Hit later : backend.hits.subList(1, 4)) {
        assertThat(later.nanos() - first).isGreaterThanOrEqualTo(Duration.ofMillis(1950).toNanos());
      }
      assertThat(outcomes(layout)).containsOnly("delivered");
    }
  }

  @Test
  void permanentRefusalGoesToDeadLetterWhileOthersFlow() throws Exception {
    String badEvent = "badbadbadbadbadbadbadbadbadbad00";
    TestBackend backend =
        postd.backend(
            r ->
                badEvent.equals(r.getHeaders().get("Event-Id"))
                    ? new MockResponse.Builder().code(400).body("{\"message\": \"nope\"}").build()
                    : TestBackend.status(201));
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    try (Pipeline p = Pipeline.start(root)) {
      String badId =
          p.send(
              p.client
                  .newRecord("org.example/bad/one")
                  .eventId(badEvent)
                  .payload("refused")
                  .build());
      for (int i = 0; i < 20; i++) {
        p.send("org.example/good/r" + i, "fine " + i);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> outcomes(layout).size() == 21);
      assertThat(outcomes(layout))
          .containsOnlyOnce("dead-letter:400")
          .filteredOn("delivered"::equals)
          .hasSize(20);
      assertThat(layout.deadLetterDir().resolve(badId)).exists();
      assertThat(Files.readString(layout.deadLetterDir().resolve(badId + ".reason")))
          .contains("status: 400")
          .contains("nope");
      assertThat(backend.hits.stream().filter(h -> h.recordId().equals(badId))).hasSize(1);
      p.send("org.example/good/later", "after the refusal");
      await().atMost(Duration.ofSeconds(20)).until(() -> outcomes(layout).size() == 22);
      await().atMost(Duration.ofSeconds(10)).until(() -> p.status(DaemonStatus.DEAD_LETTERED) == 1);
      assertThat(layout.queueDir()).isEmptyDirectory();
    }
  }

  @Test
  @Timeout(180)
  void outageBacklogDrainsWhenTheServerReturns() throws Exception {
    TestBackend first = TestBackend.created();
    int port = first.server.getPort();
    String url = first.url();
    first.close(); // the server is down: connections are refused
    TestRoot root =
        Fixtures.root(dir, url).set("post_parallelism", "8").set("journal_limit", "5000");
    Layout layout = root.layout();
    int records = 2000;
    try (Pipeline p = Pipeline.start(root)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < records; i++) {
        ids.add(p.send("org.example/outage/r" + (i % 10), "record " + i));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> p.queued() == records);
      try (TestBackend up = new TestBackend(r -> TestBackend.status(201), port)) {
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(90)).until(() -> p.queued() == 0);
        long drainMs = (System.nanoTime() - start) / 1_000_000;
        long firstMs = (up.hits.get(0).nanos() - start) / 1_000_000;
        System.out.println(
            "outage drain: "
                + records
                + " records in "
                + drainMs
                + " ms after the server came back (first request after "
                + firstMs
                + " ms: the next test of the server, then "
                + (drainMs - firstMs)
                + " ms to send)");
        assertThat(outcomes(layout)).hasSize(records).containsOnly("delivered");
        assertThat(up.hits.stream().map(TestBackend.Hit::recordId).distinct())
            .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(p.postdLog()).contains("server unavailable").contains("answering again");
      }
    }
  }
}

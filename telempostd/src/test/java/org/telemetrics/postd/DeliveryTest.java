package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.TestRoot;

@Timeout(60)
class DeliveryTest {
  @TempDir Path dir;

  static List<JournalEntry> journal(Layout layout) throws Exception {
    if (!Files.exists(layout.journalFile())) {
      return List.of();
    }
    return Files.readAllLines(layout.journalFile()).stream().map(JournalFormat::parse).toList();
  }

  static List<String> outcomes(Layout layout) throws Exception {
    return journal(layout).stream().map(e -> e.outcome().orElse("")).toList();
  }

  @Test
  void headersRequestPassesEveryBackendRuleAndIsJournaled() throws Exception {
    try (TestBackend backend = new TestBackend(r -> Fixtures.backendViolation(r)
        .map(msg -> new MockResponse.Builder().code(400)
            .body("{\"message\": \"" + msg + "\"}").build())
        .orElse(TestBackend.status(201)))) {
      TestRoot root = Fixtures.root(dir, backend.url());
      Layout layout = root.layout();
      TelemetryRecord a = Fixtures.record("org.example/acceptance/hello", "hello from a test");
      TelemetryRecord b = Fixtures.record("org.example/acceptance/two", "line 1\nline 2\n");
      try (DaemonHarness d = DaemonHarness.start(root)) {
        String idA = Fixtures.stage(layout, a);
        String idB = Fixtures.stage(layout, b);
        await().atMost(Duration.ofSeconds(10)).until(() -> journal(layout).size() == 2);
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
          assertThat(hit.request().getBody().string(StandardCharsets.UTF_8))
              .isEqualTo(sent.payload());
        }
        assertThat(backend.hits).extracting(TestBackend.Hit::recordId)
            .containsExactlyInAnyOrder(idA, idB);
        JournalEntry first = journal(layout).stream()
            .filter(e -> e.recordId().equals(idA)).findFirst().orElseThrow();
        assertThat(first.classification()).isEqualTo(a.classification());
        assertThat(first.eventId()).isEqualTo(a.eventId());
        assertThat(first.timestamp()).isCloseTo(Fixtures.now(), org.assertj.core.data.Offset
            .offset(10L));
        assertThat(layout.queueDir()).isEmptyDirectory();
        assertThat(layout.stagingDir()).isEmptyDirectory();
      }
    }
  }

  @Test
  void jsonBodyIsTheCFormWithoutItsBugs() throws Exception {
    try (TestBackend backend = TestBackend.created()) {
      TestRoot root = Fixtures.root(dir, backend.url())
          .set("post_format", "json")
          .set("record_expiry", "100000000");
      Layout layout = root.layout();
      // The captured C request, rebuilt as a record: C cut "AMD EPYC" to "AMD" and sent
      // "hello\n" as "hello\n\n"; with a one-word cpu model the bodies must be identical
      // apart from that extra newline.
      String capture = Files.readString(Path.of(getClass().getResource(
          "/vectors/c-client-json-post.txt").toURI()));
      String cBody = capture.substring(capture.indexOf("{\"record_format_version")).strip();
      TelemetryRecord rec = TelemetryRecord.of(List.of("4", "org.clearlinux/hello/world", "1",
          "b50868134a6d84e17a053f6a20f13bd8", "1795347235", "x86_64",
          "no_sv_file|no_pn_file|no_pvr_file", "\"12\"", "6.18.44-fc-v657", "1", "debian",
          "no_bn_file|no_bv_file", "AMD", "no_bv_file", "beb663772d882121cbe8e7fc0f73ce43"),
          "hello\n");
      TelemetryRecord spaced = Fixtures.record("org.example/json/spaces", "no newline added");
      try (DaemonHarness d = DaemonHarness.start(root)) {
        String id = Fixtures.stage(layout, rec);
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.hits.size() == 1);
        Fixtures.stage(layout, spaced);
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.hits.size() == 2);
        var first = backend.hits.get(0).request();
        assertThat(first.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(first.getHeaders().get("X-Telemetry-TID"))
            .isEqualTo(Fixtures.DEFAULT_TID);
        assertThat(Fixtures.recordId(first)).isEqualTo(id);
        assertThat(first.getBody().string(StandardCharsets.UTF_8))
            .isEqualTo(cBody.replace("\"payload\":\"hello\\n\\n\"", "\"payload\":\"hello\\n\""));
        String second = backend.hits.get(1).request().getBody().string(StandardCharsets.UTF_8);
        assertThat(second).contains("\"cpu_model\":\"AMD EPYC 7B13 64-Core\"")
            .contains("\"host_type\":\"QEMU|Standard PC (Q35)|pc-q35-8.2\"")
            .endsWith("\"payload\":\"no newline added\"}");
      }
    }
  }

  @Test
  void threeServerErrorsThenCreatedDeliversOnceWithGrowingDelays() throws Exception {
    AtomicInteger n = new AtomicInteger();
    try (TestBackend backend = new TestBackend(
        r -> TestBackend.status(n.incrementAndGet() <= 3 ? 500 : 201))) {
      // 500 ms doubling with +-20 % jitter: the three waits cannot overlap.
      TestRoot root = Fixtures.root(dir, backend.url()).set("retry_initial_delay_ms", "500")
          .set("retry_max_delay_ms", "5000");
      Layout layout = root.layout();
      try (DaemonHarness d = DaemonHarness.start(root)) {
        String id = Fixtures.stage(layout, Fixtures.record(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> outcomes(layout).size() == 1);
        assertThat(outcomes(layout)).containsExactly("delivered");
        assertThat(backend.hits).hasSize(4).allMatch(h -> h.recordId().equals(id));
        long g1 = backend.hits.get(1).nanos() - backend.hits.get(0).nanos();
        long g2 = backend.hits.get(2).nanos() - backend.hits.get(1).nanos();
        long g3 = backend.hits.get(3).nanos() - backend.hits.get(2).nanos();
        assertThat(g1).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(g2).isGreaterThan(g1);
        assertThat(g3).isGreaterThan(g2);
        assertThat(d.counters().delivered.get()).isEqualTo(1);
        assertThat(d.counters().retried.get()).isEqualTo(3);
        assertThat(layout.queueDir()).isEmptyDirectory();
        assertThat(d.log()).contains("attempt 3 failed (HTTP 500");
      }
    }
  }

  @Test
  void retryAfterIsHonouredByEveryRequest() throws Exception {
    AtomicInteger n = new AtomicInteger();
    try (TestBackend backend = new TestBackend(r -> n.incrementAndGet() == 1
        ? new MockResponse.Builder().code(429).addHeader("Retry-After", "2").build()
        : TestBackend.status(201))) {
      TestRoot root = Fixtures.root(dir, backend.url());
      Layout layout = root.layout();
      try (DaemonHarness d = DaemonHarness.start(root)) {
        Fixtures.stage(layout, Fixtures.record(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.hits.size() == 1);
        Fixtures.stage(layout, Fixtures.record(2));
        Fixtures.stage(layout, Fixtures.record(3));
        await().atMost(Duration.ofSeconds(15)).until(() -> outcomes(layout).size() == 3);
        assertThat(backend.hits).hasSize(4);
        long first = backend.hits.get(0).nanos();
        for (TestBackend.Hit later : backend.hits.subList(1, 4)) {
          assertThat(later.nanos() - first).isGreaterThanOrEqualTo(
              Duration.ofMillis(1950).toNanos());
        }
        assertThat(outcomes(layout)).containsOnly("delivered");
      }
    }
  }

  @Test
  void permanentRefusalGoesToDeadLetterWhileOthersFlow() throws Exception {
    TelemetryRecord bad = Fixtures.record("org.example/bad/one", "refused");
    try (TestBackend backend = new TestBackend(r -> bad.eventId()
        .equals(r.getHeaders().get("Event-Id"))
        ? new MockResponse.Builder().code(400).body("{\"message\": \"nope\"}").build()
        : TestBackend.status(201))) {
      TestRoot root = Fixtures.root(dir, backend.url());
      Layout layout = root.layout();
      try (DaemonHarness d = DaemonHarness.start(root)) {
        String badId = Fixtures.stage(layout, bad);
        for (int i = 0; i < 20; i++) {
          Fixtures.stage(layout, Fixtures.record(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes(layout).size() == 21);
        assertThat(outcomes(layout)).containsOnlyOnce("dead-letter:400")
            .filteredOn("delivered"::equals).hasSize(20);
        assertThat(layout.deadLetterDir().resolve(badId)).exists();
        assertThat(Files.readString(layout.deadLetterDir().resolve(badId + ".reason")))
            .contains("status: 400").contains("nope");
        assertThat(backend.hits.stream().filter(h -> h.recordId().equals(badId))).hasSize(1);
        Fixtures.stage(layout, Fixtures.record(99));
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes(layout).size() == 22);
        assertThat(d.counters().deadLettered.get()).isEqualTo(1);
        assertThat(layout.queueDir()).isEmptyDirectory();
      }
    }
  }

  @Test
  @Timeout(150)
  void outageBacklogDrainsWhenTheServerReturns() throws Exception {
    TestBackend first = TestBackend.created();
    int port = first.server.getPort();
    String url = first.url();
    first.close(); // the server is down: connections are refused
    TestRoot root = Fixtures.root(dir, url).set("post_parallelism", "8")
        .set("journal_limit", "5000");
    Layout layout = root.layout();
    int records = 2000;
    try (DaemonHarness d = DaemonHarness.start(root)) {
      for (int i = 0; i < records; i++) {
        Fixtures.stage(layout, Fixtures.record(i));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> d.daemon.queued() == records);
      try (TestBackend up = new TestBackend(r -> TestBackend.status(201), port)) {
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> d.daemon.queued() == 0);
        long drainMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("outage drain: " + records + " records in " + drainMs + " ms");
        assertThat(outcomes(layout)).hasSize(records).containsOnly("delivered");
        assertThat(up.distinctIds()).isEqualTo(records);
        assertThat(d.log()).contains("server unavailable").contains("answering again");
      }
    }
  }
}

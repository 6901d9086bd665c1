package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.record.Ids;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;
import org.telemetrics.testing.TestRoot;

/**
 * The delivery metrics telempostd persists in {@code postd_status_file}, from a real daemon loop
 * posting to a mockwebserver3 backend; where time matters the daemon runs on a fake clock.
 */
@Timeout(90)
class DeliveryMetricsTest {
  private static final String CRASH = "org.example/crash/*";

  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  private static MockResponse dropped() {
    return new MockResponse.Builder()
        .code(200)
        .onResponseStart(new SocketEffect.CloseSocket())
        .build();
  }

  private static MockResponse tooSlow() {
    return new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).build();
  }

  private static String classification(RecordedRequest r) {
    return String.valueOf(r.getHeaders().get("classification"));
  }

  private static DaemonStatus status(TestRoot root) throws Exception {
    return StatusFile.read(root.config().path(ConfigKeys.POSTD_STATUS_FILE));
  }

  private static long total(DaemonStatus s, String name) {
    return s.getLong(name + CounterTotals.SUFFIX).orElse(-1);
  }

  /**
   * Stages a record telemprobd acknowledged at {@code ackMillis}; returns its size as the byte rate
   * limit counts it (header lines and payload).
   */
  private static long stage(TestRoot root, String classification, long ackMillis) throws Exception {
    TelemetryRecord record = Fixtures.record(classification, "payload of " + classification);
    Fixtures.stage(root.layout(), SpoolEntry.of(Ids.random128(), ackMillis, record));
    return (record.headerText() + record.payload()).getBytes(StandardCharsets.UTF_8).length;
  }

  private static FakeTime fakeNow() {
    return new FakeTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  @Test
  void everyAttemptIsCountedByHowItEndedAndARefusalByItsStatus() throws Exception {
    List<MockResponse> flaky =
        List.of(
            TestBackend.status(429),
            TestBackend.status(503),
            dropped(),
            tooSlow(),
            TestBackend.status(200));
    AtomicInteger tries = new AtomicInteger();
    TestBackend backend =
        postd.backend(
            r ->
                classification(r).endsWith("refused")
                    ? TestBackend.status(400)
                    : flaky.get(Math.min(tries.getAndIncrement(), 4)));
    TestRoot root = postd.root(dir).set("post_read_timeout_ms", "300");
    try (DaemonHarness d = DaemonHarness.start(root)) {
      stage(root, "org.example/metrics/refused", System.currentTimeMillis());
      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().deadLettered.get() == 1);
      stage(root, "org.example/metrics/flaky", System.currentTimeMillis());
      await().atMost(Duration.ofSeconds(40)).until(() -> d.counters().delivered.get() == 1);
    }

    DaemonStatus s = status(root);
    assertThat(total(s, "attempts_2xx")).isEqualTo(1);
    assertThat(total(s, "attempts_4xx")).isEqualTo(1);
    assertThat(total(s, "attempts_429")).isEqualTo(1);
    assertThat(total(s, "attempts_5xx")).isEqualTo(1);
    assertThat(total(s, "attempts_timeout")).isEqualTo(1);
    assertThat(total(s, "attempts_connection_error")).isEqualTo(1);
    assertThat(total(s, "dead_lettered_status_400")).isEqualTo(1);
    assertThat(total(s, "dead_lettered")).isEqualTo(1);
    assertThat(backend.hits).hasSize(6);
  }

  @Test
  void aRecordGivenUpAfterItsRetriesIsCountedUnderItsLastStatusOrNone() throws Exception {
    TestBackend backend =
        postd.backend(
            r -> classification(r).endsWith("busy") ? TestBackend.status(503) : dropped());
    TestRoot root = postd.root(dir).set("retry_max_attempts", "2");
    try (DaemonHarness d = DaemonHarness.start(root)) {
      stage(root, "org.example/metrics/busy", System.currentTimeMillis());
      stage(root, "org.example/metrics/gone", System.currentTimeMillis());
      await().atMost(Duration.ofSeconds(40)).until(() -> d.counters().deadLettered.get() == 2);
    }

    DaemonStatus s = status(root);
    assertThat(total(s, "dead_lettered_status_503")).isEqualTo(1);
    assertThat(total(s, "dead_lettered_status_none")).isEqualTo(1);
    assertThat(total(s, "attempts_5xx")).isEqualTo(2);
    assertThat(total(s, "attempts_connection_error")).isEqualTo(2);
  }

  @Test
  void deliveriesAreCountedByGlobOrOtherWithTheLatencyFromTheAckOnTheDaemonsClock()
      throws Exception {
    FakeTime time = fakeNow();
    long now = time.source().millis();
    TestRoot root = postd.root(dir).set("metrics_classifications", CRASH);
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      stage(root, "org.example/crash/kernel", now - 3_000);
      stage(root, "org.example/crash/user", now - 3_000);
      // acknowledged "later" (the clock stepped back since): counted as 0 s, never negative
      stage(root, "org.example/hello/world", now + 60_000);
      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 3);
    }

    DaemonStatus s = status(root);
    assertThat(total(s, ClassificationLabels.statusKey("delivered", CRASH))).isEqualTo(2);
    assertThat(total(s, "delivered_class_other")).isEqualTo(1);
    assertThat(total(s, "delivery_seconds_count")).isEqualTo(total(s, "delivered")).isEqualTo(3);
    assertThat(total(s, "delivery_seconds_b6")).isEqualTo(2); // 2.5 s < 3 s <= 5 s
    assertThat(total(s, "delivery_seconds_b0")).isEqualTo(1); // never negative
    assertThat(total(s, "delivery_seconds_sum_us")).isEqualTo(6_000_000);
  }

  @Test
  void whileTheBackendIsDownTheStatusShowsTheOldestRecordTheRetriesAndThatItIsUnreachable()
      throws Exception {
    FakeTime time = fakeNow();
    long start = time.source().millis();
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir).set("spool_max_size", "100");
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.exists(root.config().path(ConfigKeys.POSTD_STATUS_FILE)));
      DaemonStatus before = status(root);
      stage(root, "org.example/metrics/first", start - 1_000);
      await().atMost(Duration.ofSeconds(10)).until(() -> d.counters().delivered.get() == 1);
      time.advance(Duration.ofSeconds(2));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> status(root).getLong("backend_reachable").orElse(-1) == 1);

      backend.answer(r -> dropped());
      stage(root, "org.example/metrics/second", start - 500);
      stage(root, "org.example/metrics/third", start);
      await().atMost(Duration.ofSeconds(10)).until(() -> d.counters().retried.get() >= 2);
      time.advance(Duration.ofSeconds(2));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> status(root).getLong("backend_reachable").orElse(-1) == 0);
      DaemonStatus down = status(root);

      backend.answer(r -> TestBackend.status(201));
      time.advance(Duration.ofSeconds(3)); // past every backoff: the retries are due
      await().atMost(Duration.ofSeconds(10)).until(() -> d.counters().delivered.get() == 3);
      time.advance(Duration.ofSeconds(2));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> status(root).getLong("retries_pending").orElse(-1) == 0);
      DaemonStatus after = status(root);

      assertThat(before.get("backend_reachable")).isEmpty(); // no attempt yet
      assertThat(before.getLong("start_ms")).hasValue(start);
      assertThat(before.getLong("spool_quota_bytes")).hasValue(100 * 1024);
      assertThat(before.get("oldest_queued_ms")).isEmpty();
      assertThat(before.get("rate_limit_records_left")).isEmpty(); // rate limiting is off
      assertThat(down.getLong("oldest_queued_ms")).hasValue(start - 500);
      assertThat(down.getLong("retries_pending")).hasValue(2);
      assertThat(down.getLong("queued")).hasValue(2);
      assertThat(down.getLong("spool_used_bytes"))
          .isEqualTo(down.getLong("queued_bytes"))
          .isNotEqualTo(java.util.OptionalLong.of(0));
      assertThat(after.getLong("backend_reachable")).hasValue(1);
      assertThat(after.get("oldest_queued_ms")).isEmpty();
      assertThat(after.getLong("spool_used_bytes")).hasValue(0);
    }
  }

  @Test
  void theRateLimitBudgetLeftShrinksWithEveryRecordSent() throws Exception {
    FakeTime time = fakeNow();
    TestRoot root =
        postd
            .root(dir)
            .set("rate_limit_enabled", "true")
            .set("record_burst_limit", "10")
            .set("byte_burst_limit", "100000");
    DaemonStatus before;
    long sent = 0;
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.exists(root.config().path(ConfigKeys.POSTD_STATUS_FILE)));
      before = status(root);
      for (String c : List.of("a", "b", "c")) {
        sent += stage(root, "org.example/limited/" + c, time.source().millis());
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 3);
    }
    DaemonStatus after = status(root); // written at exit

    assertThat(before.getLong("rate_limit_records_left")).hasValue(10);
    assertThat(before.getLong("rate_limit_bytes_left")).hasValue(100_000);
    assertThat(after.getLong("rate_limit_records_left")).hasValue(7);
    assertThat(after.getLong("rate_limit_bytes_left")).hasValue(100_000 - sent);
  }

  @Test
  void theTotalsAddUpAcrossARestartOnTheSameStatusFile() throws Exception {
    FakeTime time = fakeNow();
    long firstStart = time.source().millis();
    TestRoot root = postd.root(dir).set("metrics_classifications", CRASH);
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      stage(root, "org.example/crash/one", firstStart);
      stage(root, "org.example/other/one", firstStart);
      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 2);
    }
    time.advance(Duration.ofMinutes(10));
    long secondStart = time.source().millis();
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      stage(root, "org.example/crash/two", secondStart - 400);
      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 1);
    }

    DaemonStatus s = status(root);
    assertThat(total(s, "attempts_2xx")).isEqualTo(3);
    assertThat(total(s, ClassificationLabels.statusKey("delivered", CRASH))).isEqualTo(2);
    assertThat(total(s, "delivered_class_other")).isEqualTo(1);
    assertThat(total(s, "delivery_seconds_count")).isEqualTo(3);
    assertThat(total(s, "delivery_seconds_b3")).isEqualTo(1); // 0.4 s, the second run's
    assertThat(s.getLong("start_ms")).hasValue(secondStart);
    assertThat(s.getLong(CounterTotals.SINCE_MS)).hasValue(firstStart);
  }
}

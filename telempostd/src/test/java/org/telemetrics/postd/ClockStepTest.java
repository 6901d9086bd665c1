package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.files.Directories;
import org.telemetrics.postd.spool.RetryState;
import org.telemetrics.record.Ids;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.testing.TestRoot;

/**
 * The wall clock stepped while records wait for a retry. Set back (a clock that ran ahead,
 * corrected by NTP): the waits were reckoned on the wrong clock, and the records must not wait out
 * the step, nor live longer than record_expiry. Set forward (a machine without a battery-backed
 * clock boots with the time it shut down at): the records must not look as old as the step, nor
 * after a restart.
 */
@Timeout(60)
class ClockStepTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();
  private final FakeTime time = new FakeTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  @Test
  void aRecordWaitingForItsRetryWhenTheClockGoesBackADayIsSentWithinTheLongestBackoff()
      throws Exception {
    TestBackend backend = postd.backend(failingFirst(500));
    TestRoot root = root();
    try (DaemonHarness d = oneRecordWaiting(root, "next in")) {
      stepBack(d, Duration.ofDays(1));
      time.advance(Duration.ofSeconds(6)); // the longest backoff, and a second

      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 1);
      assertThat(backend.hits).hasSize(2);
    }
  }

  @Test
  void aClockSetBackADayDuringAnOutagePauseDoesNotPauseSendingForADay() throws Exception {
    TestBackend backend = postd.backend(failingFirst(503));
    TestRoot root = root();
    try (DaemonHarness d = oneRecordWaiting(root, "pausing sends for")) {
      stepBack(d, Duration.ofDays(1));
      time.advance(Duration.ofSeconds(6)); // the longest backoff, and a second

      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 1);
      assertThat(backend.hits).hasSize(2);
    }
  }

  @Test
  void aRecordWaitingWhenTheClockIsSetForwardThreeDaysIsDeliveredNotExpired() throws Exception {
    postd.backend(failingFirst(503));
    Path usageLog = dir.resolve("usage.log");
    TestRoot root = root().set("record_expiry", "60").set("usage_log", usageLog.toString());
    try (DaemonHarness d = oneRecordWaiting(root, "next in")) {
      time.stepWall(Duration.ofDays(3)); // NTP's first answer after a boot
      time.advance(Duration.ofSeconds(6));

      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 1);
      assertThat(d.counters().droppedExpired.get()).isZero();
      assertThat(DeliveryTest.outcomes(root.layout())).containsExactly("delivered");
      // the delivery took seconds, not the three days of the step
      Map<String, Long> metrics = d.counters().delivery.counts();
      assertThat(metrics).containsEntry("delivery_seconds_count", 1L);
      assertThat(metrics.get("delivery_seconds_sum_us"))
          .isBetween(0L, Duration.ofMinutes(1).toNanos() / 1000);
      // and so does the usage account's: its durations are seconds too
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(usageLog));
      JsonNode line = new ObjectMapper().readTree(Files.readString(usageLog));
      assertThat(line.get("outcome").asText()).isEqualTo("delivered");
      assertThat(line.get("total_time").asDouble()).isBetween(0.0, 60.0);
      assertThat(line.get("waiting_time").asDouble()).isBetween(0.0, 60.0);
    }
  }

  @Test
  void aRestartAfterTheClockWasSetForwardDoesNotCountTheStepInARecordsAge() throws Exception {
    AtomicBoolean up = new AtomicBoolean();
    TestBackend backend = postd.backend(r -> TestBackend.status(up.get() ? 201 : 503));
    TestRoot root = root().set("record_expiry", "60"); // offline all along, at first
    String firstRun;
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      // stamped by a probe on the same clock as the daemon's, days behind
      Fixtures.stage(
          root.layout(),
          RecordBuilder.create("org.example/test/clock", Fixtures.HOST)
              .creationTimestamp(time.wallMillis() / 1000)
              .payload("stamped before the step")
              .build()
              .withMachineId("0123456789abcdef0123456789abcdef"));
      await().atMost(Duration.ofSeconds(20)).until(() -> d.log().contains("next in"));
      time.stepWall(Duration.ofDays(3)); // NTP's first answer, days after a boot without a clock
      // its retry, due by the wall clock, is tried again at once
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.hits.size() == 2);
      firstRun = d.log();
    }
    up.set(true);
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) { // the next boot, say
      await().atMost(Duration.ofSeconds(10)).until(() -> d.log().contains("1 records queued"));
      time.advance(Duration.ofSeconds(6)); // its retry is due
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> d.counters().delivered.get() + d.counters().droppedExpired.get() == 1);
      assertThat(d.counters().droppedExpired.get()).as("dropped as expired").isZero();
    }
    assertThat(DeliveryTest.outcomes(root.layout())).containsExactly("delivered");
    assertThat(firstRun).contains("the wall clock moved 259200 s ahead");
  }

  @Test
  void aRecordWaitingWhenTheClockIsSetBackExpiresAfterRecordExpiry() throws Exception {
    postd.backend(r -> TestBackend.status(503));
    TestRoot root = root().set("record_expiry", "1");
    try (DaemonHarness d = oneRecordWaiting(root, "next in")) {
      stepBack(d, Duration.ofDays(3));
      time.advance(Duration.ofSeconds(65)); // record_expiry has passed, whatever the wall says

      await()
          .atMost(Duration.ofSeconds(20))
          .alias("dropped as expired")
          .until(() -> d.counters().droppedExpired.get() == 1);
      assertThat(DeliveryTest.outcomes(root.layout())).containsExactly("dropped:expired");
    }
  }

  @Test
  void aRetryNoteARestartFindsADayLateIsSentWithinTheLongestBackoff() throws Exception {
    TestBackend backend = postd.backend(r -> TestBackend.status(201));
    TestRoot root = root();
    String id = Ids.random128();
    Directories.ensure(root.layout().queueDir());
    Files.write(
        root.layout().queueDir().resolve(id),
        SpoolFileFormat.encode(SpoolEntry.of(id, time.source().millis(), Fixtures.record(1))));
    long aDayLate = time.source().millis() + Duration.ofDays(1).toMillis();
    Files.write(
        root.layout().queueDir().resolve(id + RetryState.SUFFIX),
        new RetryState(3, aDayLate, false, "HTTP 500").encode());
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> d.log().contains("the clock went back: 1 queued records"));
      time.advance(Duration.ofSeconds(6)); // the longest backoff, and a second

      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 1);
      assertThat(backend.hits).hasSize(1);
    }
  }

  /** A backend answering {@code status} to the first request and 201 to the others. */
  private static Function<RecordedRequest, MockResponse> failingFirst(int status) {
    AtomicInteger tries = new AtomicInteger();
    return r -> TestBackend.status(tries.incrementAndGet() == 1 ? status : 201);
  }

  /** Retries 4 to 5 s apart: longer than the test takes unless the clock moves them. */
  private TestRoot root() throws java.io.IOException {
    return postd.root(dir).set("retry_initial_delay_ms", "4000").set("retry_max_delay_ms", "5000");
  }

  /** The daemon on the fake clock, with one record whose first attempt failed ({@code said}). */
  private DaemonHarness oneRecordWaiting(TestRoot root, String said) throws Exception {
    DaemonHarness d = DaemonHarness.onFakeClock(root, time);
    try {
      Fixtures.stage(root.layout(), Fixtures.record(1));
      await().atMost(Duration.ofSeconds(20)).until(() -> d.log().contains(said));
      return d;
    } catch (RuntimeException | Error e) {
      d.close();
      throw e;
    }
  }

  /** Sets the wall clock back and waits until the daemon has seen it. */
  private void stepBack(DaemonHarness d, Duration by) {
    time.stepWall(by.negated());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> d.log().contains("the clock went back: 1 queued records"));
  }
}

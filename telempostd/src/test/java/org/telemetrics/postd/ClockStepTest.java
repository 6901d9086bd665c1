package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.postd.time.FakeTime;
import org.telemetrics.testing.TestRoot;

/**
 * The wall clock stepped while records wait for a retry. Set back (a clock that ran ahead,
 * corrected by NTP): the waits were reckoned on the wrong clock, and the records must not wait out
 * the step, nor live longer than record_expiry. Set forward (a machine without a battery-backed
 * clock boots with the time it shut down at): the records must not look as old as the step.
 */
@Timeout(60)
class ClockStepTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  @Test
  void aRecordWaitingForItsRetryWhenTheClockGoesBackADayIsSentWithinTheLongestBackoff()
      throws Exception {
    AtomicInteger tries = new AtomicInteger();
    TestBackend backend =
        postd.backend(r -> TestBackend.status(tries.incrementAndGet() == 1 ? 500 : 201));
    TestRoot root =
        postd.root(dir).set("retry_initial_delay_ms", "4000").set("retry_max_delay_ms", "5000");
    FakeTime time = new FakeTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      Fixtures.stage(root.layout(), Fixtures.record(1));
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> d.log().contains("next in"));

      time.stepWall(Duration.ofDays(-1));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> d.log().contains("the clock went back: 1 queued records"));
      time.advance(Duration.ofSeconds(6)); // the longest backoff, and a second

      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 1);
      assertThat(backend.hits).hasSize(2);
    }
  }

  @Test
  void aClockSetBackADayDuringAnOutagePauseDoesNotPauseSendingForADay() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    TestBackend backend =
        postd.backend(r -> TestBackend.status(tries.incrementAndGet() == 1 ? 503 : 201));
    TestRoot root =
        postd.root(dir).set("retry_initial_delay_ms", "4000").set("retry_max_delay_ms", "5000");
    FakeTime time = new FakeTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      Fixtures.stage(root.layout(), Fixtures.record(1));
      await().atMost(Duration.ofSeconds(20)).until(() -> d.log().contains("pausing sends for"));

      time.stepWall(Duration.ofDays(-1));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> d.log().contains("the clock went back: 1 queued records"));
      time.advance(Duration.ofSeconds(6)); // the longest backoff, and a second

      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 1);
      assertThat(backend.hits).hasSize(2);
    }
  }

  @Test
  void aRecordWaitingWhenTheClockIsSetForwardThreeDaysIsDeliveredNotExpired() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    TestBackend backend =
        postd.backend(r -> TestBackend.status(tries.incrementAndGet() == 1 ? 503 : 201));
    TestRoot root =
        postd
            .root(dir)
            .set("record_expiry", "60")
            .set("retry_initial_delay_ms", "4000")
            .set("retry_max_delay_ms", "5000");
    FakeTime time = new FakeTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      Fixtures.stage(root.layout(), Fixtures.record(1));
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> d.log().contains("next in"));

      time.stepWall(Duration.ofDays(3)); // NTP's first answer after a boot
      time.advance(Duration.ofSeconds(6));

      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 1);
      assertThat(d.counters().droppedExpired.get()).isZero();
      assertThat(DeliveryTest.outcomes(root.layout())).containsExactly("delivered");
    }
  }

  @Test
  void aRecordWaitingWhenTheClockIsSetBackExpiresAfterRecordExpiry() throws Exception {
    TestBackend backend = postd.backend(r -> TestBackend.status(503));
    TestRoot root =
        postd
            .root(dir)
            .set("record_expiry", "1")
            .set("retry_initial_delay_ms", "4000")
            .set("retry_max_delay_ms", "5000");
    FakeTime time = new FakeTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time)) {
      Fixtures.stage(root.layout(), Fixtures.record(1));
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> d.log().contains("next in"));

      time.stepWall(Duration.ofDays(-3));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> d.log().contains("the clock went back: 1 queued records"));
      time.advance(Duration.ofSeconds(65)); // record_expiry has passed, whatever the wall says

      await()
          .atMost(Duration.ofSeconds(20))
          .alias("dropped as expired")
          .until(() -> d.counters().droppedExpired.get() == 1);
      assertThat(DeliveryTest.outcomes(root.layout())).containsExactly("dropped:expired");
    }
  }
}

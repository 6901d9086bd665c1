package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.log.Log;

class RecordExpiryTest {
  private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
  private static final String BOOT = ClockStepsTest.BOOT;
  private final FakeTime time = new FakeTime(START);
  private final long now = START.getEpochSecond();
  @TempDir Path spool;
  private final Log log =
      new Log("t", new PrintStream(new ByteArrayOutputStream()), Log.Level.INFO);
  private ClockSteps steps;

  @BeforeEach
  void noStepsYet() {
    steps = new ClockSteps(spool, BOOT, time.source(), log);
    steps.load();
  }

  @Test
  void aRecordExpiresOnceItIsOlderThanRecordExpiry() {
    RecordExpiry expiry = new RecordExpiry(60, time.source(), steps);
    assertThat(expiry.expired(now - 60)).isFalse();
    assertThat(expiry.expired(now - 61)).isTrue();

    long deadline = expiry.deadlineNanos(now - 30);
    time.advance(Duration.ofSeconds(30));
    assertThat(expiry.passed(deadline)).isFalse();
    time.advance(Duration.ofMillis(1));
    assertThat(expiry.passed(deadline)).isTrue();
  }

  @Test
  void onceQueuedItsAgeDoesNotMoveWithTheWallClock() {
    RecordExpiry expiry = new RecordExpiry(3600, time.source(), steps);
    long deadline = expiry.deadlineNanos(now);

    time.stepWall(Duration.ofDays(3));
    assertThat(expiry.passed(deadline)).isFalse();
    time.stepWall(Duration.ofDays(-6));
    time.advance(Duration.ofSeconds(3601));
    assertThat(expiry.passed(deadline)).isTrue();
  }

  /**
   * The loop looks at the clocks once a turn and waits up to a second between turns: a record that
   * arrives after a step and before the next look must not have the step read into its age.
   */
  @Test
  void aStepNotLookedAtYetIsLeftOutOfTheAgeOfARecordCreatedBeforeIt() {
    RecordExpiry expiry = new RecordExpiry(3600, time.source(), steps);
    time.stepWall(Duration.ofDays(3)); // NTP's first answer, and no turn of the loop since

    assertThat(expiry.expired(now)).isFalse();
    long deadline = expiry.deadlineNanos(now);
    time.advance(Duration.ofSeconds(3600));
    assertThat(expiry.passed(deadline)).isFalse();
    time.advance(Duration.ofMillis(1));
    assertThat(expiry.passed(deadline)).isTrue();
    assertThat(steps.steps()).hasSize(1); // kept for the next run, as a step the loop saw
    assertThat(expiry.expired(time.wallMillis() / 1000 - 3601)).isTrue(); // created after it
  }

  @Test
  void aRestartLeavesOutTheStepsAnEarlierRunSawSinceTheCreation() {
    time.stepWall(Duration.ofDays(3)); // NTP sets right a clock that booted days behind
    steps.observe();
    long afterTheStep = time.wallMillis() / 1000;

    ClockSteps read = new ClockSteps(spool, BOOT, time.source(), log); // the next run
    read.load();
    RecordExpiry expiry = new RecordExpiry(3600, time.source(), read);
    assertThat(expiry.expired(now)).isFalse(); // created before the step: an hour to go
    assertThat(expiry.expired(now - 3600)).isFalse();
    assertThat(expiry.expired(now - 3601)).isTrue();
    assertThat(expiry.expired(afterTheStep - 3601)).isTrue(); // created after it: no allowance
  }

  @Test
  void theLargestRecordExpiryNeverExpiresAnything() {
    RecordExpiry expiry = new RecordExpiry(Long.MAX_VALUE / 60 * 60, time.source(), steps);
    assertThat(expiry.expired(now)).isFalse();
    assertThat(expiry.expired(0)).isFalse();
    long deadline = expiry.deadlineNanos(now);
    time.advance(Duration.ofDays(365 * 50));
    assertThat(expiry.passed(deadline)).isFalse();
  }

  @Test
  void creationTimesFarOffEitherWayStayInRange() {
    RecordExpiry expiry = new RecordExpiry(60, time.source(), steps);
    assertThat(expiry.expired(Long.MAX_VALUE)).isFalse();
    assertThat(expiry.expired(Long.MIN_VALUE)).isTrue();
    assertThat(expiry.passed(expiry.deadlineNanos(Long.MAX_VALUE))).isFalse();
    assertThat(expiry.passed(expiry.deadlineNanos(Long.MIN_VALUE))).isTrue();
  }
}

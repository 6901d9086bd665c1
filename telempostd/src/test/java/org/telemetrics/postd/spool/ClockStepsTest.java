package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.log.Log;

class ClockStepsTest {
  private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
  @TempDir Path spool;
  private final FakeTime time = new FakeTime(START);
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log("t", new PrintStream(logged, true), Log.Level.INFO);

  private ClockSteps run() {
    ClockSteps steps = new ClockSteps(spool, time.source(), log);
    steps.load();
    return steps;
  }

  private Path file() {
    return spool.resolve(ClockSteps.FILE_NAME);
  }

  @Test
  void aStepEitherWayIsKeptForTheNextRunAndTimeGoingByIsNot() throws Exception {
    ClockSteps steps = run();
    time.advance(Duration.ofHours(5)); // both clocks go on together
    time.stepWall(Duration.ofMillis(1_999)); // slewing, or the two clocks read apart
    steps.observe();
    assertThat(steps.steps()).isEmpty();
    assertThat(file()).doesNotExist();

    time.stepWall(Duration.ofDays(3));
    steps.observe();
    long forwardAt = time.wallMillis();
    time.advance(Duration.ofMinutes(1));
    time.stepWall(Duration.ofHours(-1));
    steps.observe();
    long backAt = time.wallMillis();

    assertThat(Files.readString(file()))
        .isEqualTo(forwardAt + " 259200000\n" + backAt + " -3600000\n");
    assertThat(run().steps())
        .containsExactly(
            new ClockSteps.Step(forwardAt, 259_200_000), new ClockSteps.Step(backAt, -3_600_000));
    assertThat(logged.toString())
        .contains("the wall clock moved 259200 s ahead (set forward, or a suspend)")
        .contains("the wall clock moved 3600 s back");
  }

  @Test
  void aRecordCreatedBeforeAStepLeavesItOutOfItsAgeAndOneCreatedAfterDoesNot() {
    ClockSteps steps = run();
    long before = time.wallMillis();
    time.stepWall(Duration.ofDays(3));
    steps.observe();
    assertThat(steps.since(before)).isEqualTo(Duration.ofDays(3).toMillis());
    assertThat(steps.since(time.wallMillis())).isZero();

    time.advance(Duration.ofSeconds(10));
    time.stepWall(Duration.ofHours(-1)); // a time read just before the step back, or after it
    steps.observe();
    assertThat(steps.since(before)).isEqualTo(Duration.ofDays(3).minusHours(1).toMillis());
    assertThat(steps.since(time.wallMillis() + 1000)).isZero(); // kept longer, not dropped sooner
  }

  @Test
  void onlyTheLastStepsAreKept() {
    ClockSteps steps = run();
    for (int i = 0; i < ClockSteps.MAX_STEPS + 5; i++) {
      time.stepWall(Duration.ofSeconds(10));
      steps.observe();
    }
    assertThat(steps.steps()).hasSize(ClockSteps.MAX_STEPS);
    assertThat(run().steps()).isEqualTo(steps.steps());
  }

  @Test
  void aFileThatCannotBeReadIsMovedAsideAndANewOneStarts() throws Exception {
    for (String text :
        new String[] {"12 34\nnot numbers\n", "12 34", "1 2 3\n", "1 9999999999999999\n", "x"}) {
      Files.writeString(file(), text);
      ClockSteps steps = run();
      assertThat(steps.steps()).as(text).isEmpty();
      assertThat(file()).as(text).doesNotExist();
      assertThat(logged.toString()).contains(file() + " was moved aside to ");
      time.advance(Duration.ofSeconds(1)); // a new name for the next copy
    }
    Files.write(file(), new byte[ClockSteps.MAX_BYTES + 1]);
    assertThat(run().steps()).isEmpty();
    assertThat(logged.toString()).contains("is larger than " + ClockSteps.MAX_BYTES + " bytes");

    Files.createDirectory(file());
    ClockSteps steps = run();
    assertThat(logged.toString()).contains("it is a directory");
    time.stepWall(Duration.ofDays(1));
    steps.observe();
    assertThat(run().steps()).hasSize(1);
  }

  @Test
  void aStepThatCannotBeWrittenIsStillLeftOutWhileThisRunLasts() throws Exception {
    ClockSteps steps = new ClockSteps(spool.resolve("missing"), time.source(), log);
    steps.load();
    long before = time.wallMillis();
    for (int i = 0; i < 3; i++) {
      time.stepWall(Duration.ofDays(1));
      steps.observe();
    }
    assertThat(steps.since(before)).isEqualTo(Duration.ofDays(3).toMillis());
    String text = logged.toString(StandardCharsets.UTF_8);
    assertThat(text.split("cannot keep the clock's steps", -1)).hasSize(2); // warned once
  }
}

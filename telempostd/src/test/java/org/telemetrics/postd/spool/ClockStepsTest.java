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
  static final String BOOT = "5f0c2d7a-9e41-4b83-a6f2-1d8c7e3b9a04";
  @TempDir Path spool;
  private final FakeTime time = new FakeTime(START);
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log("t", new PrintStream(logged, true), Log.Level.INFO);

  private ClockSteps run() {
    ClockSteps steps = new ClockSteps(spool, BOOT, time.source(), log);
    steps.load();
    return steps;
  }

  private Path file() {
    return spool.resolve(ClockSteps.FILE_NAME);
  }

  @Test
  void aStepEitherWayIsKeptForTheNextRunAndTimeGoingByIsNot() throws Exception {
    ClockSteps steps = run();
    long offset = time.wallMillis() - time.source().nanos() / 1_000_000;
    time.advance(Duration.ofHours(5)); // both clocks go on together
    time.stepWall(Duration.ofMillis(1_999)); // slewing, or the two clocks read apart
    steps.observe();
    assertThat(steps.steps()).isEmpty();
    assertThat(Files.readString(file())).isEqualTo("boot " + BOOT + " " + offset + "\n");

    time.stepWall(Duration.ofDays(3).minusMillis(1_999)); // with the small move: three days
    steps.observe();
    long forwardAt = time.wallMillis();
    time.advance(Duration.ofMinutes(1));
    time.stepWall(Duration.ofHours(-1));
    steps.observe();
    long backAt = time.wallMillis();

    long offsetNow = offset + Duration.ofDays(3).minusHours(1).toMillis();
    assertThat(Files.readString(file()))
        .isEqualTo(
            "boot "
                + BOOT
                + " "
                + offsetNow
                + "\n"
                + forwardAt
                + " 259200000\n"
                + backAt
                + " -3600000\n");
    assertThat(run().steps())
        .containsExactly(
            new ClockSteps.Step(forwardAt, 259_200_000), new ClockSteps.Step(backAt, -3_600_000));
    assertThat(logged.toString())
        .contains("the wall clock moved 259200 s ahead (set forward, or a suspend);")
        .contains("the wall clock moved 3600 s back;");
  }

  /**
   * The monotonic clock runs on until the next boot: a run in the same boot finds a step made while
   * none ran (a crash, a stop, an upgrade) and leaves it out of the ages it reads.
   */
  @Test
  void aStepMadeWhileNoRunWasLookingIsFoundByTheNextRunOfTheSameBoot() throws Exception {
    run(); // a run that stops, or is killed, on a clock days behind
    long created = time.wallMillis();
    time.advance(Duration.ofMinutes(5));
    time.stepWall(Duration.ofDays(3)); // NTP's first answer, while none runs

    ClockSteps next = run();
    assertThat(next.steps()).containsExactly(new ClockSteps.Step(time.wallMillis(), 259_200_000));
    assertThat(next.since(created)).isEqualTo(Duration.ofDays(3).toMillis());
    assertThat(logged.toString())
        .contains(
            "the wall clock moved 259200 s ahead (set forward, or a suspend) while telempostd"
                + " was not running; queued records do not count it in their age");
    assertThat(run().steps()).hasSize(1); // kept, and not found twice
  }

  @Test
  void aNewBootStartsFromItsOwnClocksAndAnUnknownBootKeepsNoOffset() throws Exception {
    run();
    time.stepWall(Duration.ofDays(3)); // the monotonic clock of another boot is not comparable
    ClockSteps other =
        new ClockSteps(spool, "0b7e3c55-28a1-4f0e-9d36-52c0d1e7a4b9", time.source(), log);
    other.load();
    assertThat(other.steps()).isEmpty();
    assertThat(Files.readString(file())).startsWith("boot 0b7e3c55-28a1-4f0e-9d36-52c0d1e7a4b9 ");

    Files.delete(file());
    ClockSteps unknown = new ClockSteps(spool, "unknown", time.source(), log);
    unknown.load();
    time.stepWall(Duration.ofDays(1));
    unknown.observe();
    assertThat(Files.readString(file())).isEqualTo(time.wallMillis() + " 86400000\n");
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
    int moved = 0;
    for (String text :
        new String[] {
          "12 34\nnot numbers\n",
          "12 34",
          "1 2 3\n",
          "1 9999999999999999\n",
          "x",
          "boot zz 1\n",
          "boot abc\n",
          "boot abc 2305843009213693953\n",
          "1 2\nboot abc 1\n"
        }) {
      Files.writeString(file(), text);
      ClockSteps steps = run();
      assertThat(steps.steps()).as(text).isEmpty();
      assertThat(Files.readString(file())).as(text).startsWith("boot " + BOOT + " "); // afresh
      assertThat(logged.toString()).contains(file() + " was moved aside to ");
      assertThat(logged.toString().split(" was moved aside to ", -1)).hasSize(++moved + 1);
      time.advance(Duration.ofSeconds(1)); // a new name for the next copy
    }
    Files.write(file(), new byte[ClockStepsFile.MAX_BYTES + 1]);
    assertThat(run().steps()).isEmpty();
    assertThat(logged.toString()).contains("is larger than " + ClockStepsFile.MAX_BYTES + " bytes");

    Files.delete(file());
    Files.createDirectory(file());
    ClockSteps steps = run();
    assertThat(logged.toString()).contains("it is a directory");
    time.stepWall(Duration.ofDays(1));
    steps.observe();
    assertThat(run().steps()).hasSize(1);
  }

  @Test
  void aStepThatCannotBeWrittenIsStillLeftOutWhileThisRunLasts() throws Exception {
    ClockSteps steps = new ClockSteps(spool.resolve("missing"), BOOT, time.source(), log);
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

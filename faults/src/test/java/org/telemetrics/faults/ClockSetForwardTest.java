package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.faults.FaultyBackend.Fault;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;
import org.telemetrics.testing.TestRoot;

/**
 * A machine without a battery-backed clock (many ARM boards, some virtual machines) boots with the
 * time it shut down at, days behind; its probes record the last boot's crashes before NTP sets the
 * clock right. The real daemons run on such a clock (libfaketime), queue records stamped with it
 * while the network is not up yet, and then the clock is set forward three days, beyond
 * record_expiry's default 20 hours. Every record must still be delivered, none dropped as expired.
 * Needs Debian's libfaketime; skips loudly without it.
 */
@Timeout(120)
class ClockSetForwardTest {
  static final int RECORDS = 10;
  static final long BEHIND_SECONDS = 3 * 24 * 3600;

  @TempDir Path dir;
  private final Ledger ledger = new Ledger();

  /** What telempostd does when the clock is set forward. */
  private enum Postd {
    RUNS,
    /** killed (SIGKILL) after it saw the step, and started again */
    RESTARTS_AFTER_THE_STEP,
    /** killed before the step, and started after it: no run saw the step */
    DOWN_DURING_THE_STEP
  }

  @Test
  void recordsQueuedBeforeTheClockIsSetForwardDaysAreDeliveredNotExpired() throws Exception {
    deliveredAfterTheClockIsSetForward(Postd.RUNS);
  }

  /**
   * The same, with telempostd killed and started again after the step while the network is still
   * down (a crash, an upgrade, or the next boot of a machine that stays offline): the run that saw
   * the step kept it, so the new run does not read the three days into the records' age.
   */
  @Test
  void recordsStillQueuedWhenTelempostdRestartsAfterTheStepAreDeliveredNotExpired()
      throws Exception {
    deliveredAfterTheClockIsSetForward(Postd.RESTARTS_AFTER_THE_STEP);
  }

  /**
   * The same, with telempostd killed before the step and started after it (a crash while NTP sets
   * the clock): the new run finds the step against the monotonic clock of the same boot.
   */
  @Test
  void recordsQueuedWhenTelempostdWasDownDuringTheStepAreDeliveredNotExpired() throws Exception {
    deliveredAfterTheClockIsSetForward(Postd.DOWN_DURING_THE_STEP);
  }

  private void deliveredAfterTheClockIsSetForward(Postd postd) throws Exception {
    SettableWallClock clock = SettableWallClock.in(dir).orElseGet(ClockSetForwardTest::skip);
    clock.setOffsetSeconds(-BEHIND_SECONDS);
    try (FaultyBackend backend = new FaultyBackend(ledger)) {
      backend.set(Fault.DOWN); // the network is not up yet
      TestRoot root = Daemons.root(dir.resolve("root"), backend.url());
      try (Daemons daemons = Daemons.of(root).environment(clock.environment()).start()) {
        Supplier<String> outputs = () -> "\n" + daemons.outputs();
        TelemetryClient client = daemons.client();
        long bootClock = System.currentTimeMillis() / 1000 - BEHIND_SECONDS;
        for (int n = 0; n < RECORDS; n++) {
          SendResult r =
              client.send(
                  client
                      .newRecord("org.example/faults/clock")
                      .creationTimestamp(bootClock) // as a probe on that clock stamps it
                      .payload(Ledger.payload(n, 64))
                      .build());
          assertThat(r).as(outputs).isInstanceOf(SendResult.Accepted.class);
          ledger.acknowledged(n, ((SendResult.Accepted) r).recordId());
        }
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> daemons.postd.lifeOutput().contains("attempt 1 failed"));

        if (postd == Postd.DOWN_DURING_THE_STEP) {
          daemons.postd.kill9();
          clock.setOffsetSeconds(0); // NTP's first answer, while telempostd is down
          daemons.postd.start();
          Awaitility.await()
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(100))
              .alias("telempostd found the step")
              .until(() -> daemons.postd.lifeOutput().contains("while telempostd was not running"));
        } else {
          clock.setOffsetSeconds(0); // NTP's first answer
          awaitWallClockSet(root.config().path(ConfigKeys.POSTD_STATUS_FILE));
        }
        if (postd == Postd.RESTARTS_AFTER_THE_STEP) {
          Awaitility.await()
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(100))
              .alias("telempostd saw the step")
              .until(() -> daemons.postd.lifeOutput().contains("the wall clock moved"));
          daemons.postd.kill9();
          daemons.postd.start();
        }
        backend.set(Fault.NONE); // and the network is up

        daemons.awaitDelivered(ledger, Duration.ofSeconds(40));
        assertThat(daemons.postd.output()).as(outputs).doesNotContainPattern("expired=[1-9]");
        assertThat(Files.readString(root.layout().journalFile()))
            .as("the journal")
            .doesNotContain("dropped:expired");
        assertThat(daemons.postd.stop()).as(() -> "telempostd's exit" + outputs.get()).isZero();
      }
    }
  }

  /**
   * Waits until telempostd lives on the clock set forward: it dates its status file, rewritten as
   * its retries go on, by its wall clock.
   */
  private static void awaitWallClockSet(Path statusFile) {
    long setAt = System.currentTimeMillis() - 60_000; // three days ahead of the old clock
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .alias("telempostd's status file dated by the clock set forward")
        .until(() -> updatedMillis(statusFile) >= setAt);
  }

  private static long updatedMillis(Path statusFile) {
    try {
      return StatusFile.read(statusFile).getLong(DaemonStatus.UPDATED_MS).orElse(0);
    } catch (IOException e) {
      return 0; // not written yet
    }
  }

  private static SettableWallClock skip() {
    return LoudSkip.skipOutsideCi(
        "CLOCK-STEP TEST SKIPPED, a clock set forward is NOT tested",
        "libfaketime is not installed (scripts/install-deps.sh installs it)");
  }
}

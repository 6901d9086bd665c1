package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.telemetrics.postd.RescanTimer.Rescan;
import org.telemetrics.postd.time.JitteredPeriod;

/** The loop's rescans: a full one each period, and a second look every 2 s while files wait. */
class RescanTimerTest {
  /** Draws 0: each period is half its nominal length, 60 s of 120. */
  private final RandomGenerator lowest = () -> 0L;

  private final RescanTimer timer = new RescanTimer(new JitteredPeriod(120_000, lowest), 0);

  @Test
  void aFullRescanIsDueOncePerPeriodAndTheWaitCountsDownToIt() {
    assertThat(timer.millisToFull(0)).isEqualTo(60_000);
    assertThat(timer.due(59_999, false, false)).isEqualTo(Rescan.NONE);
    assertThat(timer.millisToFull(70_000)).isZero();
    assertThat(timer.due(70_000, false, false)).isEqualTo(Rescan.FULL);
    assertThat(timer.due(70_001, false, false)).isEqualTo(Rescan.NONE);
    assertThat(timer.millisToFull(70_000)).isEqualTo(60_000);
  }

  @Test
  void filesWaitingForASecondLookAreRescannedAtMostEveryTwoSeconds() {
    assertThat(timer.due(1_999, true, true)).isEqualTo(Rescan.NONE);
    assertThat(timer.due(2_000, true, true)).isEqualTo(Rescan.FULL); // staging first
    assertThat(timer.due(3_000, false, true)).isEqualTo(Rescan.NONE);
    assertThat(timer.due(4_000, false, true)).isEqualTo(Rescan.LEGACY);
    assertThat(timer.due(9_000, false, false)).isEqualTo(Rescan.NONE);
    assertThat(timer.due(9_000, true, false)).isEqualTo(Rescan.FULL);
  }
}

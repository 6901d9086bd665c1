package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.telemetrics.daemon.FakeTime;

/** The staging quota's arithmetic, on a fake monotonic clock: no sleeps. */
class StagingQuotaTest {
  private static final long QUOTA = 10_000;

  private final FakeTime time = new FakeTime(0);
  private final AtomicLong inStaging = new AtomicLong();
  private final AtomicInteger scans = new AtomicInteger();
  private final StagingQuota quota =
      new StagingQuota(
          () -> {
            scans.incrementAndGet();
            return inStaging.get();
          },
          time.ticker());

  /** What the daemon does with an accepted record: reserve, then it lands in staging. */
  private boolean stage(long bytes) {
    if (!quota.reserve(bytes, QUOTA)) {
      return false;
    }
    inStaging.addAndGet(bytes);
    return true;
  }

  @Test
  void whatIsAlreadyInStagingCountsFromTheFirstRecord() {
    inStaging.set(QUOTA - 500);

    assertThat(quota.reserve(1000, QUOTA)).isFalse();
    assertThat(quota.reserve(400, QUOTA)).isTrue();
  }

  @Test
  void aDrainedStagingKeepsAcceptingWithoutTheClockMoving() {
    // the time never advances: only what is measured may decide
    for (int i = 0; i < 100; i++) {
      assertThat(stage(1000)).as("record " + i).isTrue();
      inStaging.set(0); // telempostd took it
    }
    assertThat(scans.get())
        .as("a scan per quota's worth of records, not per record")
        .isLessThanOrEqualTo(12);
  }

  @Test
  void aFullStagingRejectsAtOnceAndAcceptsAgainWithinTheRescanIntervalOnceFreed() {
    for (int i = 0; i < 10; i++) {
      assertThat(stage(1000)).isTrue();
    }
    assertThat(stage(1000)).isFalse();
    int scansWhenFull = scans.get();
    for (int i = 0; i < 50; i++) {
      assertThat(stage(1000)).isFalse();
    }
    assertThat(scans.get())
        .as("a flood of probes against full staging scans once")
        .isEqualTo(scansWhenFull);

    inStaging.set(0); // telempostd caught up
    time.advance(Duration.ofNanos(StagingQuota.FULL_RESCAN_NANOS));

    assertThat(stage(1000)).isTrue();
  }

  @Test
  void aMeasurementIsTrustedOnlySoLong() {
    inStaging.set(QUOTA);
    assertThat(quota.reserve(1, QUOTA)).isFalse();
    inStaging.set(0);
    time.advance(Duration.ofNanos(StagingQuota.TRUSTED_NANOS));
    assertThat(scans.get()).isEqualTo(1);
    assertThat(quota.reserve(1, QUOTA)).isTrue();
    assertThat(scans.get()).isEqualTo(2);
  }

  @Test
  void aNegativeQuotaMeansNoLimitAndNoScan() {
    inStaging.set(Long.MAX_VALUE / 2);
    assertThat(quota.reserve(Long.MAX_VALUE / 4, -1)).isTrue();
    assertThat(scans.get()).isZero();
  }
}

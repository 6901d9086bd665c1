package org.telemetrics.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.telemetrics.http.HttpRecordFormat;

/** Small fleets through the whole model: what it must show, and that it loses no record. */
class FleetSimulationTest {
  private static final FleetSimulation.Fleet FLEET = new FleetSimulation.Fleet(1_000, 50, 42);
  private static final RecordMix HEARTBEAT_ONLY = new RecordMix(512, 0, 8_192, 0, 10_000, 16_384);
  private static final Duration OUTAGE = Duration.ofMinutes(10);

  private static FleetResult run(
      HttpRecordFormat.Kind format,
      boolean jitter,
      RecordMix mix,
      int capacity,
      Optional<Duration> retryAfter)
      throws IOException {
    TimerSchedule timer = TimerSchedule.read(Path.of("../packaging/systemd/hprobe.timer"));
    return new FleetSimulation(
            FLEET,
            new FleetSimulation.Scenario(
                "test",
                DeliverySettings.shipped(format),
                timer,
                jitter,
                mix,
                OUTAGE,
                capacity,
                retryAfter))
        .run();
  }

  @Test
  void withoutJitterTheWholeFleetComesBackInOneSecond() throws IOException {
    FleetResult r =
        run(
            HttpRecordFormat.Kind.HEADERS,
            false,
            HEARTBEAT_ONLY,
            Integer.MAX_VALUE,
            Optional.empty());

    assertThat(r.waitingAtRecovery()).isEqualTo(1_000);
    assertThat(r.peakRequests()).isEqualTo(1_000);
    assertThat(r.drainedSeconds()).isBetween(0L, 31L);
    assertThat(r.duplicates()).isZero();
  }

  @Test
  void jitterSpreadsTheReturnOverTheOutagePause() throws IOException {
    FleetResult r =
        run(
            HttpRecordFormat.Kind.HEADERS,
            true,
            HEARTBEAT_ONLY,
            Integer.MAX_VALUE,
            Optional.empty());

    // the heartbeats of the first ten minutes of the six-hour window: about 28
    assertThat(r.waitingAtRecovery()).isBetween(10L, 60L);
    assertThat(r.peakRequests()).isLessThan(15);
    assertThat(r.drainedSeconds()).isBetween(0L, 31L);
    assertThat(r.droppedByPolicy()).isZero();
  }

  @Test
  void aCrashLoopFillsTheQuotaAndOtlpCarriesTheBacklogInFewRequests() throws IOException {
    RecordMix loop = HEARTBEAT_ONLY.withLoop(0.1, 1_000, 16_384);
    FleetResult headers =
        run(HttpRecordFormat.Kind.HEADERS, true, loop, Integer.MAX_VALUE, Optional.empty());
    FleetResult otlp =
        run(HttpRecordFormat.Kind.OTLP, true, loop, Integer.MAX_VALUE, Optional.empty());

    // 100 machines x 600 records of 16 KiB; 5 MiB of spool keeps 320 of each machine's
    assertThat(headers.droppedSpoolFull()).isBetween(100L * (600 - 320), 100L * (600 - 319));
    // a heartbeat in the spool takes the place of one more
    assertThat(headers.waitingAtRecovery()).isGreaterThanOrEqualTo(100 * 320);
    assertThat(headers.duplicates()).isZero();
    assertThat(otlp.droppedSpoolFull()).isEqualTo(headers.droppedSpoolFull());
    assertThat(otlp.duplicates()).isZero();
    // 32 records of 16 KiB fill otlp_batch_bytes
    assertThat(otlp.meanRequests() * 20).isLessThan(headers.meanRequests());
  }

  @Test
  void anOverloadedBackendWithRetryAfterIsDrainedByAJitteredFleetAndNotByALockstepOne()
      throws IOException {
    RecordMix everyone = new RecordMix(512, 0, 8_192, 1.0, 60_000, 512);
    Optional<Duration> retryAfter = Optional.of(Duration.ofSeconds(30));
    FleetResult jittered = run(HttpRecordFormat.Kind.HEADERS, true, everyone, 20, retryAfter);
    FleetResult lockstep = run(HttpRecordFormat.Kind.HEADERS, false, everyone, 20, retryAfter);

    // 1,000 machines with 11 records each, one request per record, 20 requests/s: 550 s at best
    long best = jittered.waitingAtRecovery() / 20;
    assertThat(best).isBetween(500L, 600L);
    assertThat(jittered.drainedSeconds()).isBetween(best, best * 3 / 2);
    assertThat(lockstep.drainedSeconds()).isGreaterThan(best * 3);
    assertThat(jittered.duplicates()).isZero();
    assertThat(lockstep.duplicates()).isZero();
  }
}

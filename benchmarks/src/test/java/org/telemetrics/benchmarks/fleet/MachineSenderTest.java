package org.telemetrics.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.telemetrics.http.HttpRecordFormat;
import org.telemetrics.postd.delivery.AttemptOutcome;
import org.telemetrics.postd.delivery.Outcome;
import org.telemetrics.postd.ratelimit.RateLimiter;

/** The model of one machine's telempostd, on the simulation's clock, with the real classes. */
class MachineSenderTest {
  private static final Outcome OK = new Outcome.Delivered(200);
  private static final Outcome REFUSED =
      new Outcome.Transient(
          "cannot connect", true, Optional.empty(), AttemptOutcome.CONNECTION_ERROR, 0);
  private static final RateLimiter.Settings NO_LIMIT =
      new RateLimiter.Settings(false, -1, 15, -1, 20);

  private final List<String> drops = new ArrayList<>();

  private static DeliverySettings settings(
      int batchRecords, long batchBytes, long quota, RateLimiter.Settings limits) {
    DeliverySettings shipped = DeliverySettings.shipped(HttpRecordFormat.Kind.OTLP);
    return new DeliverySettings(
        HttpRecordFormat.Kind.OTLP,
        2,
        batchRecords,
        batchBytes,
        quota,
        true,
        3600,
        limits,
        false,
        shipped.retryInitial(),
        shipped.retryMax(),
        0,
        shipped.rescanMillis(),
        shipped.idleExitMillis());
  }

  private MachineSender sender(DeliverySettings settings) {
    MachineSender s =
        new MachineSender(
            settings,
            new SplittableRandom(3),
            (record, reason) -> drops.add(reason + " " + SpooledRecords.bytes(record)));
    s.start();
    return s;
  }

  private static long record(long second, int bytes) {
    return SpooledRecords.record(second, bytes);
  }

  @Test
  void theShippedDefaultsSendOneRecordPerRequestWithHeadersAndBatchWithOtlp() {
    assertThat(DeliverySettings.shipped(HttpRecordFormat.Kind.HEADERS).batchRecords()).isEqualTo(1);
    assertThat(DeliverySettings.shipped(HttpRecordFormat.Kind.JSON).batchRecords()).isEqualTo(1);
    DeliverySettings otlp = DeliverySettings.shipped(HttpRecordFormat.Kind.OTLP);
    assertThat(otlp.batchRecords()).isEqualTo(100);
    assertThat(otlp.batchBytes()).isEqualTo(524_288);
    assertThat(otlp.quotaBytes()).isEqualTo(5120 * 1024);
    assertThat(otlp.rescanMillis()).isEqualTo(120_000);
  }

  @Test
  void aBatchStopsAtTheRecordBoundAndAtTheByteBoundWithTheRestInLine() {
    MachineSender s = sender(settings(3, 1_000, -1, NO_LIMIT));
    for (int i = 0; i < 8; i++) {
      s.intake(record(i, i < 4 ? 100 : 600));
    }

    List<MachineSender.Request> started = s.dispatch(10_000);

    // 3 of 100 B; then 100 + 600 (the third, 600 more, would pass 1,000 B); parallelism 2
    assertThat(started).extracting(r -> r.records().length).containsExactly(3, 2);
    assertThat(started.get(1).records()).containsExactly(record(3, 100), record(4, 600));
    assertThat(s.queued()).isEqualTo(8);
    s.settle(OK, 10_050);
    assertThat(s.dispatch(10_050))
        .singleElement()
        .satisfies(r -> assertThat(r.records()).containsExactly(record(5, 600)));
  }

  @Test
  void whileTheServerIsDownOneProbeOfOneRecordGoesAtATimeAfterThePause() {
    MachineSender s = sender(settings(100, 1_000_000, -1, NO_LIMIT));
    for (int i = 0; i < 5; i++) {
      s.intake(record(i, 100));
    }
    MachineSender.Request first = s.dispatch(0).get(0);
    assertThat(first.records()).hasSize(5);
    s.settle(REFUSED, 50);

    long wake = s.wakeAt(50);
    assertThat(wake).isBetween(50L, 50L + 1_000); // the first pause: full jitter of 1 s
    assertThat(s.dispatch(wake - 1)).isEmpty();
    List<MachineSender.Request> probe = s.dispatch(wake);
    assertThat(probe)
        .singleElement()
        .satisfies(r -> assertThat(r.records()).containsExactly(record(0, 100)));
    assertThat(s.wakeAt(wake)).isEqualTo(-1); // its answer decides
    s.settle(OK, wake + 50);
    assertThat(s.dispatch(wake + 50))
        .singleElement()
        .satisfies(r -> assertThat(r.records()).hasSize(4));
  }

  @Test
  void aRetryAfterPausesAtLeastItsLengthAndAtMostHalfAsLongAgain() {
    MachineSender s = sender(settings(1, 1_000_000, -1, NO_LIMIT));
    s.intake(record(0, 100));
    s.dispatch(0);
    s.settle(
        new Outcome.Transient(
            "HTTP 429", true, Optional.of(Duration.ofSeconds(30)), AttemptOutcome.STATUS_429, 429),
        50);

    assertThat(s.wakeAt(50)).isBetween(30_050L, 45_050L);
  }

  @Test
  void theRecordLimitHoldsTheQueueToTheNextMinuteAndAFailedSendGivesItsPermitsBack() {
    RateLimiter.Settings threePer15 = new RateLimiter.Settings(true, 3, 15, -1, 20);
    MachineSender s = sender(settings(10, 1_000_000, -1, threePer15));
    for (int i = 0; i < 5; i++) {
      s.intake(record(i, 100));
    }

    assertThat(s.dispatch(90_000))
        .singleElement()
        .satisfies(r -> assertThat(r.records()).hasSize(3));
    s.settle(REFUSED, 90_050);
    long afterPause = s.wakeAt(90_050);
    // the three permits came back: the probe passes
    assertThat(s.dispatch(afterPause)).hasSize(1);
    s.settle(OK, afterPause + 50);
    assertThat(s.dispatch(afterPause + 50))
        .singleElement()
        .satisfies(r -> assertThat(r.records()).hasSize(2));
    s.settle(OK, afterPause + 100);
    s.intake(record(5, 100));
    assertThat(s.dispatch(afterPause + 100)).isEmpty();
    assertThat(s.wakeAt(afterPause + 100)).isEqualTo((afterPause + 100) / 60_000 * 60_000 + 60_001);
    assertThat(drops).isEmpty();
  }

  @Test
  void recordsTheLimitHeldBackGoWhenTheWindowHasRoomAgain() {
    RateLimiter.Settings twoPerMinute = new RateLimiter.Settings(true, 2, 1, -1, 20);
    MachineSender s = sender(settings(10, 1_000_000, -1, twoPerMinute));
    for (int i = 0; i < 3; i++) {
      s.intake(record(i, 100));
    }
    assertThat(s.dispatch(0)).singleElement().satisfies(r -> assertThat(r.records()).hasSize(2));
    s.settle(OK, 50);
    assertThat(s.dispatch(50)).isEmpty();
    assertThat(s.wakeAt(50)).isEqualTo(60_001);

    assertThat(s.dispatch(60_001))
        .singleElement()
        .satisfies(r -> assertThat(r.records()).containsExactly(record(2, 100)));
    s.settle(OK, 60_051);
    assertThat(s.idle()).isTrue();
  }

  @Test
  void theQuotaDropsTheOldestWaitingRecordsAndExpiredRecordsAreDroppedWhenTaken() {
    MachineSender s = sender(settings(10, 1_000_000, 350, NO_LIMIT));
    LongStream.range(0, 4).forEach(i -> s.intake(record(i, 100)));
    assertThat(drops).containsExactly("SPOOL_FULL 100");
    s.intake(record(5, 400));
    assertThat(drops).hasSize(5).last().isEqualTo("SPOOL_FULL 400");

    drops.clear();
    s.intake(record(10, 100));
    s.intake(record(4000, 100));
    // expiry 3,600 s: at second 3,611 the record of second 10 has expired
    assertThat(s.dispatch(3_611_000))
        .singleElement()
        .satisfies(r -> assertThat(r.records()).containsExactly(record(4000, 100)));
    assertThat(drops).containsExactly("EXPIRED 100");
  }

  @Test
  void anAnswerTheModelDoesNotMakeIsRefused() {
    MachineSender s = sender(settings(1, 1_000_000, -1, NO_LIMIT));
    s.intake(record(0, 100));
    s.dispatch(0);

    assertThatThrownBy(() -> s.settle(new Outcome.Permanent(400, "HTTP 400"), 50))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(s::exit).isInstanceOf(IllegalStateException.class);
  }
}

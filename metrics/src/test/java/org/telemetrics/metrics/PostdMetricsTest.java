package org.telemetrics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.telemetrics.metrics.ModelAssertions.model;
import static org.telemetrics.metrics.ModelAssertions.sample;
import static org.telemetrics.metrics.ModelAssertions.samples;
import static org.telemetrics.metrics.ModelAssertions.value;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.LatencyHistogram;
import org.telemetrics.status.StatusFile;

/** telempostd's metrics from a status file written as telempostd writes it. */
class PostdMetricsTest {
  static final ClassificationLabels LABELS = ClassificationLabels.parse("org.clearlinux/crash/*");
  static final long T0 = 1_780_000_000_000L;
  static final Clock NOW = Clock.fixed(Instant.ofEpochMilli(T0 + 3_600_000), ZoneOffset.UTC);

  @TempDir Path tmp;

  private DaemonRun run() {
    return DaemonRun.start(tmp.resolve("telempostd.status"), T0);
  }

  private MetricsModel read() throws Exception {
    return model(PostdMetrics.of(StatusFile.read(tmp.resolve("telempostd.status")), LABELS, NOW));
  }

  @Test
  void deliveriesAttemptsAndDropsAreLabelledCounters() throws Exception {
    DaemonRun r = run();
    r.count("delivered", 5)
        .count(ClassificationLabels.statusKey("delivered", "org.clearlinux/crash/*"), 3)
        .count(ClassificationLabels.statusKey("delivered", "other"), 2);
    r.count("attempts_2xx", 5)
        .count("attempts_429", 2)
        .count("attempts_timeout", 1)
        .count("dropped_rate_limit", 4)
        .count("quarantined", 1)
        .count("failed_attempts", 3)
        .count("otlp_isolations", 2);
    r.write();

    MetricsModel m = read();

    assertThat(
            value(
                m,
                "telemetrics_records_delivered_total",
                "classification",
                "org.clearlinux/crash/*"))
        .isEqualTo(3);
    assertThat(value(m, "telemetrics_records_delivered_total", "classification", "other"))
        .isEqualTo(2);
    assertThat(value(m, "telemetrics_delivery_attempts_total", "outcome", "2xx")).isEqualTo(5);
    assertThat(value(m, "telemetrics_delivery_attempts_total", "outcome", "429")).isEqualTo(2);
    assertThat(value(m, "telemetrics_delivery_attempts_total", "outcome", "4xx")).isZero();
    assertThat(value(m, "telemetrics_delivery_attempts_total", "outcome", "timeout")).isEqualTo(1);
    assertThat(samples(m, "telemetrics_delivery_attempts_total")).hasSize(6);
    assertThat(value(m, "telemetrics_records_dropped_total", "reason", "rate_limit")).isEqualTo(4);
    assertThat(value(m, "telemetrics_records_quarantined_total")).isEqualTo(1);
    assertThat(value(m, "telemetrics_delivery_failed_attempts_total")).isEqualTo(3);
    assertThat(value(m, "telemetrics_otlp_isolations_total")).isEqualTo(2);
    assertThat(sample(m, "telemetrics_records_dropped_total", "reason", "expired").createdMillis())
        .isEqualTo(T0);
  }

  @Test
  void deadLettersAreLabelledByStatusAndAddUpToTheTotal() throws Exception {
    // two were dead-lettered by a version that did not count statuses yet
    StatusFile.write(
        tmp.resolve("telempostd.status"),
        DaemonStatus.empty().with("totals_since_ms", T0).with("dead_lettered_total", 2));
    run()
        .count("dead_lettered", 4)
        .count("dead_lettered_status_400", 3)
        .count("dead_lettered_status_none", 1)
        .write();

    MetricsModel m = read();

    assertThat(value(m, "telemetrics_records_dead_lettered_total", "status", "400")).isEqualTo(3);
    assertThat(value(m, "telemetrics_records_dead_lettered_total", "status", "none")).isEqualTo(1);
    assertThat(value(m, "telemetrics_records_dead_lettered_total", "status", "unknown"))
        .isEqualTo(2);
    assertThat(samples(m, "telemetrics_records_dead_lettered_total")).hasSize(3);
  }

  @Test
  void noDeadLetterYetIsOneZeroSample() {
    MetricsModel m = model(PostdMetrics.of(DaemonStatus.empty(), LABELS, NOW));

    assertThat(samples(m, "telemetrics_records_dead_lettered_total"))
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isZero());
  }

  @Test
  void queueSpoolAndBackendGauges() throws Exception {
    run()
        .gauge("queued", 3)
        .gauge("queued_bytes", 3000)
        .gauge("spool_quota_bytes", 10_000)
        .gauge("spool_used_bytes", 4000)
        .gauge("oldest_queued_ms", T0 + 3_000_000)
        .gauge("backend_reachable", 0)
        .gauge("retries_pending", 2)
        .gauge("last_delivery_ms", T0 + 1500)
        .gauge("rate_limit_records_left", 997)
        .gauge("rate_limit_bytes_left", 123_456)
        .write();

    MetricsModel m = read();

    assertThat(value(m, "telemetrics_queued_records")).isEqualTo(3);
    assertThat(value(m, "telemetrics_queued_bytes")).isEqualTo(3000);
    assertThat(value(m, "telemetrics_spool_quota_bytes")).isEqualTo(10_000);
    assertThat(value(m, "telemetrics_spool_quota_remaining_bytes")).isEqualTo(6000);
    assertThat(value(m, "telemetrics_oldest_queued_record_age_seconds")).isEqualTo(600);
    assertThat(value(m, "telemetrics_backend_reachable")).isZero();
    assertThat(value(m, "telemetrics_retries_pending")).isEqualTo(2);
    assertThat(value(m, "telemetrics_last_delivery_timestamp_seconds"))
        .isCloseTo((T0 + 1500) / 1000.0, within(1e-6));
    assertThat(value(m, "telemetrics_rate_limit_remaining_records")).isEqualTo(997);
    assertThat(value(m, "telemetrics_rate_limit_remaining_bytes")).isEqualTo(123_456);
    assertThat(value(m, "telemetrics_start_time_seconds")).isEqualTo(T0 / 1000.0);
  }

  @Test
  void aSpoolOverItsQuotaHasNothingRemaining() throws Exception {
    run().gauge("spool_quota_bytes", 10_000).gauge("spool_used_bytes", 12_000).write();

    assertThat(value(read(), "telemetrics_spool_quota_remaining_bytes")).isZero();
  }

  @Test
  void absentKeysAreZerosOrLeftOutAsTheContractSays() throws Exception {
    run().write(); // a run that wrote no gauge but start_ms

    MetricsModel m = read();

    assertThat(value(m, "telemetrics_oldest_queued_record_age_seconds")).isZero(); // empty queue
    assertThat(value(m, "telemetrics_retries_pending")).isZero();
    assertThat(value(m, "telemetrics_queued_records")).isZero();
    assertThat(m.find("telemetrics_backend_reachable")).isEmpty(); // no attempt yet
    assertThat(m.find("telemetrics_rate_limit_remaining_records")).isEmpty(); // limits off
    assertThat(m.find("telemetrics_rate_limit_remaining_bytes")).isEmpty();
    assertThat(m.find("telemetrics_spool_quota_bytes")).isEmpty(); // unknown quota
    assertThat(m.find("telemetrics_spool_quota_remaining_bytes")).isEmpty();
    assertThat(m.find("telemetrics_last_delivery_timestamp_seconds")).isEmpty();
  }

  @Test
  void anOldestRecordFromTheFutureIsZeroSecondsOld() throws Exception {
    run().gauge("oldest_queued_ms", T0 + 7_200_000).write(); // a clock step back

    assertThat(value(read(), "telemetrics_oldest_queued_record_age_seconds")).isZero();
  }

  @Test
  void theDeliveryLatencyHistogramIsReadFromItsPersistedCounters() throws Exception {
    DaemonRun r = run();
    LatencyHistogram h = r.histogram("delivery_seconds", LatencyHistogram.DELIVERY_BOUNDS);
    h.observeNanos(40_000_000L); // 0.04 s
    h.observeNanos(700_000_000L); // 0.7 s
    r.write();

    LatencyHistogram.Values v = sample(read(), "telemetrics_delivery_latency_seconds").histogram();

    assertThat(v.bounds()).isEqualTo(LatencyHistogram.DELIVERY_BOUNDS);
    assertThat(v.cumulative().subList(0, 5)).containsExactly(1L, 1L, 1L, 1L, 2L);
    assertThat(v.count()).isEqualTo(2);
    assertThat(v.sumSeconds()).isCloseTo(0.74, within(1e-9));
  }
}

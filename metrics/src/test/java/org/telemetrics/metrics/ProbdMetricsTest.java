package org.telemetrics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.telemetrics.metrics.ModelAssertions.model;
import static org.telemetrics.metrics.ModelAssertions.sample;
import static org.telemetrics.metrics.ModelAssertions.samples;
import static org.telemetrics.metrics.ModelAssertions.value;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.LatencyHistogram;
import org.telemetrics.status.StatusFile;

/** telemprobd's metrics from a status file written as telemprobd writes it, over two runs. */
class ProbdMetricsTest {
  static final ClassificationLabels LABELS =
      ClassificationLabels.parse("org.clearlinux/crash/* org.clearlinux/hello/*");
  static final long T0 = 1_780_000_000_000L;

  @TempDir Path tmp;

  private MetricsModel twoRuns() throws Exception {
    Path file = tmp.resolve("telemprobd.status");
    DaemonRun first = DaemonRun.start(file, T0);
    accept(first, "org.clearlinux/crash/clr", 3);
    accept(first, "org.clearlinux/hello/world", 1);
    accept(first, "com.example/anything", 2);
    first
        .count("received", 7)
        .count("received_bytes", 7000)
        .count("rejected_invalid", 1)
        .count("connections_refused", 2)
        .count("staging_commits", 4)
        .gauge("connections_open", 0);
    first.histogram("commit_seconds", LatencyHistogram.COMMIT_BOUNDS).observeNanos(300_000);
    first.write();
    DaemonRun second = DaemonRun.start(file, T0 + 60_000);
    accept(second, "org.clearlinux/crash/other", 1);
    second
        .count("received", 1)
        .count("received_bytes", 500)
        .count("staging_commits", 1)
        .gauge("connections_open", 2);
    LatencyHistogram h = second.histogram("commit_seconds", LatencyHistogram.COMMIT_BOUNDS);
    h.observeNanos(3_000_000);
    h.observeNanos(9_000_000_000L);
    second.write();
    return model(ProbdMetrics.of(StatusFile.read(file), LABELS));
  }

  private static void accept(DaemonRun run, String classification, long n) {
    run.count("accepted", n);
    run.count(ClassificationLabels.statusKey("accepted", LABELS.labelOf(classification)), n);
  }

  @Test
  void countersAreTotalsOverEveryRun() throws Exception {
    MetricsModel m = twoRuns();

    assertThat(value(m, "telemetrics_records_received_total")).isEqualTo(8);
    assertThat(value(m, "telemetrics_received_bytes_total")).isEqualTo(7500);
    assertThat(value(m, "telemetrics_records_rejected_total", "reason", "invalid")).isEqualTo(1);
    assertThat(value(m, "telemetrics_records_rejected_total", "reason", "malformed")).isZero();
    assertThat(value(m, "telemetrics_connections_refused_total")).isEqualTo(2);
    assertThat(value(m, "telemetrics_staging_commits_total")).isEqualTo(5);
    assertThat(sample(m, "telemetrics_staging_commits_total").createdMillis()).isEqualTo(T0);
    assertThat(sample(m, "telemetrics_staging_commits_total").labels())
        .containsEntry("daemon", "telemprobd");
  }

  @Test
  void acceptedRecordsAreLabelledByGlobOrOtherAndAddUpToTheTotal() throws Exception {
    MetricsModel m = twoRuns();

    assertThat(
            value(
                m,
                "telemetrics_records_accepted_total",
                "classification",
                "org.clearlinux/crash/*"))
        .isEqualTo(4);
    assertThat(
            value(
                m,
                "telemetrics_records_accepted_total",
                "classification",
                "org.clearlinux/hello/*"))
        .isEqualTo(1);
    assertThat(value(m, "telemetrics_records_accepted_total", "classification", "other"))
        .isEqualTo(2);
    assertThat(samples(m, "telemetrics_records_accepted_total")).hasSize(3);
  }

  @Test
  void aGlobTakenOffTheListMovesItsCountToOther() throws Exception {
    twoRuns();
    MetricsModel m =
        model(
            ProbdMetrics.of(
                StatusFile.read(tmp.resolve("telemprobd.status")),
                ClassificationLabels.parse("org.clearlinux/hello/*")));

    assertThat(value(m, "telemetrics_records_accepted_total", "classification", "other"))
        .isEqualTo(6);
  }

  @Test
  void hugeTotalsInADamagedFileDoNotOverflowIntoOther() {
    DaemonStatus status =
        DaemonStatus.empty()
            .with("accepted_total", 5)
            .with(
                ClassificationLabels.statusKey("accepted", "org.clearlinux/crash/*") + "_total",
                Long.MAX_VALUE)
            .with(
                ClassificationLabels.statusKey("accepted", "org.clearlinux/hello/*") + "_total",
                Long.MAX_VALUE);

    MetricsModel m = model(ProbdMetrics.of(status, LABELS));

    assertThat(value(m, "telemetrics_records_accepted_total", "classification", "other")).isZero();
  }

  @Test
  void gaugesAreTheLastRunsValues() throws Exception {
    MetricsModel m = twoRuns();

    assertThat(value(m, "telemetrics_connections_open")).isEqualTo(2);
    assertThat(value(m, "telemetrics_start_time_seconds")).isEqualTo((T0 + 60_000) / 1000.0);
  }

  @Test
  void theCommitHistogramIsCumulativeOverEveryRun() throws Exception {
    Sample s = sample(twoRuns(), "telemetrics_staging_commit_duration_seconds");

    LatencyHistogram.Values h = s.histogram();
    assertThat(h.count()).isEqualTo(3);
    assertThat(h.sumSeconds()).isCloseTo(9.0033, within(1e-9));
    assertThat(h.cumulative().get(0)).isEqualTo(1); // 0.3 ms <= 0.5 ms
    assertThat(h.cumulative().get(3)).isEqualTo(2); // 3 ms <= 5 ms
    assertThat(h.cumulative().get(h.bounds().size() - 1)).isEqualTo(2); // 9 s > 5 s: +Inf only
    assertThat(s.createdMillis()).isEqualTo(T0);
  }

  @Test
  void aFileWithoutTheNewKeysGivesZerosAndLeavesOutTheStartTime() {
    MetricsModel m = model(ProbdMetrics.of(DaemonStatus.empty().with("accepted_total", 5), LABELS));

    assertThat(value(m, "telemetrics_records_received_total")).isZero();
    assertThat(value(m, "telemetrics_records_accepted_total", "classification", "other"))
        .isEqualTo(5);
    assertThat(value(m, "telemetrics_connections_open")).isZero();
    assertThat(sample(m, "telemetrics_staging_commit_duration_seconds").histogram().count())
        .isZero();
    assertThat(m.find("telemetrics_start_time_seconds")).isEmpty();
  }
}

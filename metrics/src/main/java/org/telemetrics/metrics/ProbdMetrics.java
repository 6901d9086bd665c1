package org.telemetrics.metrics;

import java.util.ArrayList;
import java.util.List;
import org.telemetrics.metrics.Metric.Type;
import org.telemetrics.metrics.Metric.Unit;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.LatencyHistogram;

/**
 * telemprobd's metrics from its status file ({@code probd_status_file}): counters as totals over
 * every run, the connections open when it last wrote, when its run started. No file yet gives
 * zeros.
 */
final class ProbdMetrics {
  static final String DAEMON = "telemprobd";

  /** telemprobd's reasons to reject a record, as label values and persisted key parts. */
  static final List<String> REJECT_REASONS =
      List.of(
          "malformed",
          "not_allowed",
          "not_opted_in",
          "invalid",
          "staging_full",
          "store_failed",
          "connection_failed",
          "internal");

  private ProbdMetrics() {}

  static List<Metric> of(DaemonStatus status, ClassificationLabels labels) {
    DaemonFamilies f = new DaemonFamilies(status, DAEMON);
    List<Sample> rejected = new ArrayList<>();
    for (String reason : REJECT_REASONS) {
      rejected.add(
          TotalSamples.of(status, f.since(), DAEMON, "rejected_" + reason, "reason", reason));
    }
    return List.of(
        f.counter(
            "telemetrics_records_received_total",
            "received",
            Unit.NONE,
            "Records read from probes, accepted or rejected."),
        new Metric(
            "telemetrics_records_accepted_total",
            "Records telemprobd accepted and staged, by classification (allow-listed globs, "
                + "else other).",
            Type.COUNTER,
            Unit.NONE,
            true,
            ClassifiedTotals.of(status, f.since(), DAEMON, "accepted", labels)),
        new Metric(
            "telemetrics_records_rejected_total",
            "Records telemprobd refused, by reason.",
            Type.COUNTER,
            Unit.NONE,
            true,
            rejected),
        f.counter(
            "telemetrics_received_bytes_total",
            "received_bytes",
            Unit.BYTES,
            "Frame bytes read from probes."),
        f.gauge(
            "telemetrics_connections_open",
            "connections_open",
            Unit.NONE,
            "Probe connections open when telemprobd last wrote its status (0 once it exited)."),
        f.counter(
            "telemetrics_connections_refused_total",
            "connections_refused",
            Unit.NONE,
            "Probe connections refused because every connection slot was busy."),
        f.counter(
            "telemetrics_staging_commits_total",
            "staging_commits",
            Unit.NONE,
            "Commits of staged records (write and fsync)."),
        f.histogram(
            "telemetrics_staging_commit_duration_seconds",
            "commit_seconds",
            LatencyHistogram.COMMIT_BOUNDS,
            "Time of one staging commit (write and fsync)."),
        f.startTime(),
        f.statusUpdated());
  }
}

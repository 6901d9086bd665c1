package org.telemetrics.metrics;

import java.util.ArrayList;
import java.util.List;
import org.telemetrics.metrics.Metric.Type;
import org.telemetrics.metrics.Metric.Unit;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;

/**
 * telemprobd's metrics from its status file ({@code probd_status_file}): records accepted and
 * rejected by reason, totals over every run. No file yet gives zeros.
 */
final class ProbdMetrics {
  static final String DAEMON = "telemprobd";
  /** telemprobd's reasons to reject a record, as label values and persisted key parts. */
  static final List<String> REJECT_REASONS = List.of("malformed", "not_allowed", "invalid",
      "staging_full", "store_failed", "connection_failed", "internal");

  private ProbdMetrics() {}

  static List<Metric> of(DaemonStatus status) {
    long since = status.getLong(CounterTotals.SINCE_MS).orElse(0);
    List<Sample> rejected = new ArrayList<>();
    for (String reason : REJECT_REASONS) {
      rejected.add(TotalSamples.of(status, since, DAEMON, "rejected_" + reason, "reason", reason));
    }
    return List.of(
        new Metric("telemetrics_records_accepted_total",
            "Records telemprobd accepted and staged.", Type.COUNTER, Unit.NONE, true,
            List.of(TotalSamples.of(status, since, DAEMON, "accepted"))),
        new Metric("telemetrics_records_rejected_total",
            "Records telemprobd refused, by reason.", Type.COUNTER, Unit.NONE, true, rejected));
  }
}

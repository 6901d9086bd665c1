package org.telemetrics.metrics;

import java.util.ArrayList;
import java.util.List;
import org.telemetrics.metrics.Metric.Type;
import org.telemetrics.metrics.Metric.Unit;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;

/**
 * telempostd's metrics from its status file: the counters' totals over every run (so they never
 * go down across restarts and idle exits) and the queue as it last saw it. No file yet (the
 * daemon never ran) gives zeros.
 */
final class PostdMetrics {
  static final String DAEMON = "telempostd";
  /** telempostd's drop reasons as label values, with the status keys they are persisted under. */
  static final List<String> DROP_REASONS = List.of("expired", "spool_full", "disk_full",
      "rate_limit");

  private PostdMetrics() {}

  static List<Metric> of(DaemonStatus status) {
    long since = status.getLong(CounterTotals.SINCE_MS).orElse(0);
    List<Metric> metrics = new ArrayList<>();
    metrics.add(counter(status, since, "telemetrics_records_delivered_total", "delivered",
        "Records the backend accepted (2xx)."));
    metrics.add(counter(status, since, "telemetrics_records_dead_lettered_total",
        "dead_lettered", "Records the backend refused for good, moved to dead-letter/."));
    metrics.add(counter(status, since, "telemetrics_records_quarantined_total", "quarantined",
        "Files set aside in quarantine/ because they could not be read."));
    metrics.add(counter(status, since, "telemetrics_delivery_failed_attempts_total",
        "failed_attempts", "Delivery attempts that failed and will be tried again."));
    List<Sample> dropped = new ArrayList<>();
    for (String reason : DROP_REASONS) {
      dropped.add(TotalSamples.of(status, since, DAEMON, "dropped_" + reason, "reason", reason));
    }
    metrics.add(new Metric("telemetrics_records_dropped_total",
        "Records dropped by policy, by reason.", Type.COUNTER, Unit.NONE, true, dropped));
    metrics.add(gauge("telemetrics_queued_records", "Records waiting in the queue.", Unit.NONE,
        true, status.getLong("queued").orElse(0)));
    metrics.add(gauge("telemetrics_queued_bytes", "Bytes of the records waiting in the queue.",
        Unit.BYTES, true, status.getLong("queued_bytes").orElse(0)));
    status.getLong(DaemonStatus.LAST_DELIVERY_MS).ifPresent(ms -> metrics.add(gauge(
        "telemetrics_last_delivery_timestamp_seconds",
        "When the backend last accepted a record (Unix time).", Unit.SECONDS, false,
        ms / 1000.0)));
    status.getLong(DaemonStatus.UPDATED_MS).ifPresent(ms -> metrics.add(gauge(
        "telemetrics_status_updated_timestamp_seconds",
        "When telempostd last wrote its status (Unix time).", Unit.SECONDS, false,
        ms / 1000.0)));
    return metrics;
  }

  private static Metric counter(DaemonStatus status, long since, String name, String key,
      String help) {
    return new Metric(name, help, Type.COUNTER, Unit.NONE, true,
        List.of(TotalSamples.of(status, since, DAEMON, key)));
  }

  private static Metric gauge(String name, String help, Unit unit, boolean integral,
      double value) {
    return new Metric(name, help, Type.GAUGE, unit, integral,
        List.of(Sample.of(value, "daemon", DAEMON)));
  }
}

package org.telemetrics.metrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.telemetrics.metrics.Metric.Type;
import org.telemetrics.metrics.Metric.Unit;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.LatencyHistogram;

/**
 * telempostd's metrics from its status file ({@code postd_status_file}): the counters' totals over
 * every run (so they never go down across restarts and idle exits) and the queue, spool and backend
 * as it last saw them. Ages are computed at read time from the persisted times, so they keep
 * growing while the daemon sleeps. No file yet gives zeros.
 */
final class PostdMetrics {
  static final String DAEMON = "telempostd";

  /** telempostd's drop reasons as label values, with the status keys they are persisted under. */
  static final List<String> DROP_REASONS =
      List.of("expired", "spool_full", "disk_full", "rate_limit");

  /** Outcomes of one HTTP attempt, as label values and {@code attempts_<outcome>} keys. */
  static final List<String> OUTCOMES =
      List.of("2xx", "4xx", "5xx", "429", "timeout", "connection_error");

  private PostdMetrics() {}

  static List<Metric> of(DaemonStatus status, ClassificationLabels labels, Clock clock) {
    DaemonFamilies f = new DaemonFamilies(status, DAEMON);
    List<Metric> metrics = new ArrayList<>();
    metrics.add(
        new Metric(
            "telemetrics_records_delivered_total",
            "Records the backend accepted (2xx), by classification (allow-listed globs, else "
                + "other).",
            Type.COUNTER,
            Unit.NONE,
            true,
            ClassifiedTotals.of(status, f.since(), DAEMON, "delivered", labels)));
    metrics.add(
        labelled(
            status,
            f.since(),
            "telemetrics_delivery_attempts_total",
            "HTTP delivery attempts by outcome (429 is not counted in 4xx).",
            "attempts_",
            "outcome",
            OUTCOMES));
    metrics.add(
        new Metric(
            "telemetrics_records_dead_lettered_total",
            "Records the backend refused for good, moved to dead-letter/, by the HTTP status that "
                + "refused them (none: no status involved; unknown: counted before statuses were).",
            Type.COUNTER,
            Unit.NONE,
            true,
            DeadLetterStatuses.of(status, f.since(), DAEMON)));
    metrics.add(
        labelled(
            status,
            f.since(),
            "telemetrics_records_dropped_total",
            "Records dropped by policy, by reason.",
            "dropped_",
            "reason",
            DROP_REASONS));
    metrics.add(
        f.counter(
            "telemetrics_records_quarantined_total",
            "quarantined",
            Unit.NONE,
            "Files set aside in quarantine/ because they could not be read."));
    metrics.add(
        f.counter(
            "telemetrics_delivery_failed_attempts_total",
            "failed_attempts",
            Unit.NONE,
            "Delivery attempts that failed and will be tried again."));
    metrics.add(
        f.counter(
            "telemetrics_otlp_isolations_total",
            "otlp_isolations",
            Unit.NONE,
            "OTLP requests the collector partly rejected whose records were sent again one per "
                + "request to learn which it refused (otlp_partial_success=isolate)."));
    metrics.add(
        f.gauge(
            "telemetrics_queued_records", "queued", Unit.NONE, "Records waiting in the queue."));
    metrics.add(
        f.gauge(
            "telemetrics_queued_bytes",
            "queued_bytes",
            Unit.BYTES,
            "Bytes of the records waiting in the queue."));
    metrics.addAll(quota(status, f));
    metrics.add(
        f.gauge(
            "telemetrics_oldest_queued_record_age_seconds",
            Unit.SECONDS,
            false,
            "Age of the oldest queued record since telemprobd acknowledged it (0: queue empty).",
            oldestAgeSeconds(status, clock)));
    metrics.add(
        f.gaugeIfPresent(
            "telemetrics_backend_reachable",
            "backend_reachable",
            Unit.NONE,
            "1 when the backend's last answer had any HTTP status, 0 after a timeout or "
                + "connection error; absent before the first attempt."));
    metrics.add(
        f.timestamp(
            "telemetrics_last_delivery_timestamp_seconds",
            DaemonStatus.LAST_DELIVERY_MS,
            "When the backend last accepted a record (Unix time)."));
    metrics.add(
        f.histogram(
            "telemetrics_delivery_latency_seconds",
            "delivery_seconds",
            LatencyHistogram.DELIVERY_BOUNDS,
            "From telemprobd's acknowledgement of a record to the backend's 2xx, retries included."));
    metrics.add(
        f.gaugeIfPresent(
            "telemetrics_rate_limit_remaining_records",
            "rate_limit_records_left",
            Unit.NONE,
            "Records the current rate-limit window still allows; absent when rate limiting is off."));
    metrics.add(
        f.gaugeIfPresent(
            "telemetrics_rate_limit_remaining_bytes",
            "rate_limit_bytes_left",
            Unit.BYTES,
            "Bytes the current rate-limit window still allows; absent when rate limiting is off."));
    metrics.add(
        f.gauge(
            "telemetrics_retries_pending",
            "retries_pending",
            Unit.NONE,
            "Records waiting for a retry."));
    metrics.add(f.startTime());
    metrics.add(f.statusUpdated());
    return metrics;
  }

  /** The spool quota and what is left of it; left out when there is none (unlimited). */
  private static List<Metric> quota(DaemonStatus status, DaemonFamilies f) {
    OptionalLong quota = status.getLong("spool_quota_bytes");
    if (quota.isEmpty() || quota.getAsLong() < 0) {
      return List.of();
    }
    long used = Math.max(0, status.getLong("spool_used_bytes").orElse(0));
    return List.of(
        f.gauge(
            "telemetrics_spool_quota_bytes",
            Unit.BYTES,
            true,
            "The spool quota (spool_max_size).",
            quota.getAsLong()),
        f.gauge(
            "telemetrics_spool_quota_remaining_bytes",
            Unit.BYTES,
            true,
            "Bytes the spool may still take before its quota (0 when full).",
            Math.max(0, quota.getAsLong() - used)));
  }

  private static double oldestAgeSeconds(DaemonStatus status, Clock clock) {
    OptionalLong oldest = status.getLong("oldest_queued_ms");
    return oldest.isEmpty() ? 0 : Math.max(0, clock.millis() - oldest.getAsLong()) / 1000.0;
  }

  private static Metric labelled(
      DaemonStatus status,
      long since,
      String name,
      String help,
      String keyPrefix,
      String label,
      List<String> values) {
    List<Sample> samples = new ArrayList<>();
    for (String v : values) {
      samples.add(TotalSamples.of(status, since, DAEMON, keyPrefix + v, label, v));
    }
    return new Metric(name, help, Type.COUNTER, Unit.NONE, true, samples);
  }
}

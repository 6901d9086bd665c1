package org.telemetrics.metrics;

import java.util.List;
import java.util.OptionalLong;
import org.telemetrics.metrics.Metric.Type;
import org.telemetrics.metrics.Metric.Unit;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.LatencyHistogram;

/**
 * The metric families of one daemon's status file, each sample labelled with the daemon: the shapes
 * telemprobd's and telempostd's readers share.
 */
final class DaemonFamilies {
  static final String START_MS = "start_ms";

  private final DaemonStatus status;
  private final String daemon;
  private final long since;

  DaemonFamilies(DaemonStatus status, String daemon) {
    this.status = status;
    this.daemon = daemon;
    this.since = status.getLong(CounterTotals.SINCE_MS).orElse(0);
  }

  long since() {
    return since;
  }

  /** A counter of the persisted total {@code key} (0 when absent). */
  Metric counter(String name, String key, Unit unit, String help) {
    return new Metric(
        name, help, Type.COUNTER, unit, true, List.of(TotalSamples.of(status, since, daemon, key)));
  }

  /** A whole-number gauge of the plain key {@code key}, 0 when absent. */
  Metric gauge(String name, String key, Unit unit, String help) {
    return gauge(name, unit, true, help, Math.max(0, status.getLong(key).orElse(0)));
  }

  Metric gauge(String name, Unit unit, boolean integral, String help, double value) {
    return new Metric(
        name, help, Type.GAUGE, unit, integral, List.of(Sample.of(value, "daemon", daemon)));
  }

  /** A gauge of the plain key {@code key}, or an empty family (left out) when absent. */
  Metric gaugeIfPresent(String name, String key, Unit unit, String help) {
    OptionalLong v = status.getLong(key);
    return new Metric(
        name,
        help,
        Type.GAUGE,
        unit,
        true,
        v.isPresent()
            ? List.of(Sample.of(Math.max(0, v.getAsLong()), "daemon", daemon))
            : List.of());
  }

  /** A Unix time in seconds from the milliseconds of {@code key}; left out when absent. */
  Metric timestamp(String name, String key, String help) {
    OptionalLong ms = status.getLong(key);
    return new Metric(
        name,
        help,
        Type.GAUGE,
        Unit.SECONDS,
        false,
        ms.isPresent() ? List.of(Sample.of(ms.getAsLong() / 1000.0, "daemon", daemon)) : List.of());
  }

  Metric startTime() {
    return timestamp(
        "telemetrics_start_time_seconds",
        START_MS,
        "When the daemon's current or last run started (Unix time).");
  }

  Metric statusUpdated() {
    return timestamp(
        "telemetrics_status_updated_timestamp_seconds",
        DaemonStatus.UPDATED_MS,
        "When the daemon last wrote its status file (Unix time).");
  }

  /** A latency histogram persisted by {@link LatencyHistogram} under {@code key}. */
  Metric histogram(String name, String key, List<Double> bounds, String help) {
    return new Metric(
        name,
        help,
        Type.HISTOGRAM,
        Unit.SECONDS,
        true,
        List.of(
            Sample.histogram(LatencyHistogram.read(status, key, bounds), since, "daemon", daemon)));
  }
}

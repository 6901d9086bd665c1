package org.telemetrics.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telemetrics.status.LatencyHistogram;

/**
 * The suite's metrics at one moment: every output format (OpenMetrics and Prometheus text through
 * client_java, Influx line protocol, JSON) is written from this one model, so they cannot differ.
 */
public record MetricsModel(List<Metric> metrics) {
  public MetricsModel {
    metrics = List.copyOf(metrics);
  }

  /**
   * The model of {@code metrics} where families of one name (each daemon's part of {@code
   * telemetrics_start_time_seconds}, say) become one family, in the order they first appear;
   * families without a sample are left out.
   */
  public static MetricsModel merging(List<Metric> metrics) {
    Map<String, Metric> byName = new LinkedHashMap<>();
    for (Metric m : metrics) {
      byName.merge(
          m.name(),
          m,
          (a, b) -> {
            if (a.type() != b.type() || a.unit() != b.unit()) {
              throw new IllegalArgumentException("two kinds of metric named " + a.name());
            }
            List<Sample> samples = new ArrayList<>(a.samples());
            samples.addAll(b.samples());
            return new Metric(a.name(), a.help(), a.type(), a.unit(), a.integral(), samples);
          });
    }
    return new MetricsModel(byName.values().stream().filter(m -> !m.samples().isEmpty()).toList());
  }

  public Optional<Metric> find(String name) {
    return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** client_java's snapshots, for its exposition writers and its HTTP server. */
  public MetricSnapshots toSnapshots() {
    List<MetricSnapshot> snapshots = new ArrayList<>();
    for (Metric m : metrics) {
      snapshots.add(
          switch (m.type()) {
            case COUNTER -> counter(m);
            case GAUGE -> gauge(m);
            case INFO -> info(m);
            case HISTOGRAM -> histogram(m);
          });
    }
    return new MetricSnapshots(snapshots);
  }

  private static CounterSnapshot counter(Metric m) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(m.baseName()).help(m.help());
    unit(m).ifPresent(b::unit);
    for (Sample s : m.samples()) {
      CounterDataPointSnapshot.Builder p =
          CounterDataPointSnapshot.builder().labels(labels(s)).value(s.value());
      if (s.createdMillis() > 0) {
        p.createdTimestampMillis(s.createdMillis());
      }
      b.dataPoint(p.build());
    }
    return b.build();
  }

  private static GaugeSnapshot gauge(Metric m) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(m.baseName()).help(m.help());
    unit(m).ifPresent(b::unit);
    for (Sample s : m.samples()) {
      b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(s)).value(s.value()).build());
    }
    return b.build();
  }

  private static InfoSnapshot info(Metric m) {
    InfoSnapshot.Builder b = InfoSnapshot.builder().name(m.baseName()).help(m.help());
    for (Sample s : m.samples()) {
      b.dataPoint(InfoDataPointSnapshot.builder().labels(labels(s)).build());
    }
    return b.build();
  }

  private static HistogramSnapshot histogram(Metric m) {
    HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(m.baseName()).help(m.help());
    unit(m).ifPresent(b::unit);
    for (Sample s : m.samples()) {
      HistogramDataPointSnapshot.Builder p =
          HistogramDataPointSnapshot.builder()
              .labels(labels(s))
              .classicHistogramBuckets(buckets(s.histogram()));
      p.sum(s.histogram().sumSeconds());
      if (s.createdMillis() > 0) {
        p.createdTimestampMillis(s.createdMillis());
      }
      b.dataPoint(p.build());
    }
    return b.build();
  }

  /** client_java takes each bucket's own count (not cumulative), +Inf last. */
  private static ClassicHistogramBuckets buckets(LatencyHistogram.Values v) {
    int n = v.bounds().size();
    double[] bounds = new double[n + 1];
    long[] counts = new long[n + 1];
    long below = 0;
    for (int i = 0; i < n; i++) {
      bounds[i] = v.bounds().get(i);
      counts[i] = Math.max(0, v.cumulative().get(i) - below);
      below = Math.max(below, v.cumulative().get(i));
    }
    bounds[n] = Double.POSITIVE_INFINITY;
    counts[n] = Math.max(0, v.count() - below);
    return ClassicHistogramBuckets.of(bounds, counts);
  }

  private static Optional<io.prometheus.metrics.model.snapshots.Unit> unit(Metric m) {
    return switch (m.unit()) {
      case BYTES -> Optional.of(io.prometheus.metrics.model.snapshots.Unit.BYTES);
      case SECONDS -> Optional.of(io.prometheus.metrics.model.snapshots.Unit.SECONDS);
      case NONE -> Optional.empty();
    };
  }

  private static Labels labels(Sample s) {
    return Labels.of(new ArrayList<>(s.labels().keySet()), new ArrayList<>(s.labels().values()));
  }
}

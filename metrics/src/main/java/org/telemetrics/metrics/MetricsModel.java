package org.telemetrics.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The suite's metrics at one moment: every output format (OpenMetrics and Prometheus text through
 * client_java, Influx line protocol, JSON) is written from this one model, so they cannot differ.
 */
public record MetricsModel(List<Metric> metrics) {
  public MetricsModel {
    metrics = List.copyOf(metrics);
  }

  public Optional<Metric> find(String name) {
    return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** client_java's snapshots, for its exposition writers and its HTTP server. */
  public MetricSnapshots toSnapshots() {
    List<MetricSnapshot> snapshots = new ArrayList<>();
    for (Metric m : metrics) {
      snapshots.add(switch (m.type()) {
        case COUNTER -> counter(m);
        case GAUGE -> gauge(m);
        case INFO -> info(m);
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

package org.telemetrics.metrics;

import java.util.List;
import java.util.Map;

/** Looks up samples of a model by metric name and labels. */
final class ModelAssertions {
  private ModelAssertions() {}

  static MetricsModel model(List<Metric> metrics) {
    return MetricsModel.merging(metrics);
  }

  /** The one sample of {@code name} whose labels include {@code labelPairs}. */
  static Sample sample(MetricsModel model, String name, String... labelPairs) {
    Map<String, String> wanted = Sample.pairs(labelPairs);
    List<Sample> found =
        samples(model, name).stream()
            .filter(s -> s.labels().entrySet().containsAll(wanted.entrySet()))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          found.size() + " samples of " + name + " with " + wanted + " in " + samples(model, name));
    }
    return found.get(0);
  }

  static double value(MetricsModel model, String name, String... labelPairs) {
    return sample(model, name, labelPairs).value();
  }

  static List<Sample> samples(MetricsModel model, String name) {
    return model.find(name).map(Metric::samples).orElse(List.of());
  }
}

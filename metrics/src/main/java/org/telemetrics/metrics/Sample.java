package org.telemetrics.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One value of a metric: its labels (sorted by name, bounded vocabulary: never an id, a path or
 * a payload), the value, and for counters when the series began ({@code createdMillis}, 0 when
 * unknown).
 */
public record Sample(Map<String, String> labels, double value, long createdMillis) {
  public Sample {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("metric value must be finite: " + value);
    }
  }

  public static Sample of(double value, String... labelPairs) {
    return new Sample(pairs(labelPairs), value, 0);
  }

  public Sample withCreated(long millis) {
    return new Sample(labels, value, millis);
  }

  static Map<String, String> pairs(String... labelPairs) {
    if (labelPairs.length % 2 != 0) {
      throw new IllegalArgumentException("labels come as name, value pairs");
    }
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return labels;
  }
}

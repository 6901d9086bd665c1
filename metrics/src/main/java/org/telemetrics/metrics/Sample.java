package org.telemetrics.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.telemetrics.status.LatencyHistogram;

/**
 * One value of a metric: its labels (sorted by name, bounded vocabulary: never an id, a path or a
 * payload), the value, for counters and histograms when the series began ({@code createdMillis}, 0
 * when unknown), and for a histogram its buckets (null otherwise; the value is then the histogram's
 * count).
 */
public record Sample(
    Map<String, String> labels,
    double value,
    long createdMillis,
    LatencyHistogram.Values histogram) {
  public Sample {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("metric value must be finite: " + value);
    }
    if (histogram != null
        && (!Double.isFinite(histogram.sumSeconds())
            || histogram.bounds().size() != histogram.cumulative().size())) {
      throw new IllegalArgumentException("histogram needs a finite sum and a count per bound");
    }
  }

  public Sample(Map<String, String> labels, double value, long createdMillis) {
    this(labels, value, createdMillis, null);
  }

  public static Sample of(double value, String... labelPairs) {
    return new Sample(pairs(labelPairs), value, 0);
  }

  /** A histogram's sample: its buckets, count and sum, created at {@code createdMillis}. */
  public static Sample histogram(
      LatencyHistogram.Values values, long createdMillis, String... labelPairs) {
    return new Sample(pairs(labelPairs), values.count(), createdMillis, values);
  }

  public boolean isHistogram() {
    return histogram != null;
  }

  public Sample withCreated(long millis) {
    return new Sample(labels, value, millis, histogram);
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

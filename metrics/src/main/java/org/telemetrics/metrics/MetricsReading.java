package org.telemetrics.metrics;

import java.util.List;

/**
 * What one read of the persisted metrics gave: the model of everything readable, and one line per
 * damaged status file (naming it; that daemon's metrics are left out of the model).
 */
public record MetricsReading(MetricsModel model, List<String> problems) {
  public MetricsReading {
    problems = List.copyOf(problems);
  }
}

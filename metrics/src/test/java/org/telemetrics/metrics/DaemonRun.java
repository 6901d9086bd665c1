package org.telemetrics.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.LatencyHistogram;
import org.telemetrics.status.StatusFile;

/**
 * One run of a daemon as it persists its status: the totals of the last file loaded with {@link
 * CounterTotals}, this run's counts and histograms added, plain gauges beside them, the file
 * written with {@link StatusFile}, as telemprobd's and telempostd's status writers do.
 */
final class DaemonRun {
  private final Path file;
  private final CounterTotals totals;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, LatencyHistogram> histograms = new LinkedHashMap<>();
  private DaemonStatus gauges = DaemonStatus.empty();

  private DaemonRun(Path file, CounterTotals totals) {
    this.file = file;
    this.totals = totals;
  }

  static DaemonRun start(Path file, long nowMillis) {
    return new DaemonRun(
            file,
            CounterTotals.load(
                file,
                nowMillis,
                w -> {
                  throw new AssertionError(w);
                }))
        .gauge("start_ms", nowMillis);
  }

  DaemonRun count(String name, long n) {
    counts.merge(name, n, Long::sum);
    return this;
  }

  DaemonRun gauge(String key, long value) {
    gauges = gauges.with(key, value);
    return this;
  }

  /** The histogram {@code name} of this run, made on first use. */
  LatencyHistogram histogram(String name, java.util.List<Double> bounds) {
    return histograms.computeIfAbsent(name, n -> new LatencyHistogram(n, bounds));
  }

  void write() throws IOException {
    Map<String, Long> all = new LinkedHashMap<>(counts);
    histograms.values().forEach(h -> all.putAll(h.counts()));
    StatusFile.write(file, totals.addTo(gauges, all));
  }
}

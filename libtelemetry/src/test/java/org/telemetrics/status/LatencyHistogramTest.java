package org.telemetrics.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  private static final List<Double> BOUNDS = List.of(0.01, 0.1, 1.0);

  @Test
  void observationsGoToTheirBucketAndPersistAsCounters() {
    LatencyHistogram h = new LatencyHistogram("commit_seconds", BOUNDS);
    h.observeNanos(5_000_000); // 5 ms
    h.observeNanos(10_000_000); // exactly on a bound: le="0.01"
    h.observeNanos(500_000_000);
    h.observeNanos(3_000_000_000L); // +Inf
    h.observeNanos(-1); // a clock step counts as 0
    assertThat(h.counts())
        .containsExactly(
            Map.entry("commit_seconds_b0", 3L),
            Map.entry("commit_seconds_b1", 0L),
            Map.entry("commit_seconds_b2", 1L),
            Map.entry("commit_seconds_b3", 1L),
            Map.entry("commit_seconds_count", 5L),
            Map.entry("commit_seconds_sum_us", 3_515_000L));
  }

  @Test
  void readBackIsCumulativeAndAddsEveryRun() {
    CounterTotals none = CounterTotals.load(java.nio.file.Path.of("/nonexistent/x"), 1, m -> {});
    LatencyHistogram h = new LatencyHistogram("d", BOUNDS);
    h.observeNanos(1_000_000);
    h.observeNanos(200_000_000);
    DaemonStatus status = none.addTo(DaemonStatus.empty(), h.counts());
    LatencyHistogram.Values v = LatencyHistogram.read(status, "d", BOUNDS);
    assertThat(v.cumulative()).containsExactly(1L, 1L, 2L);
    assertThat(v.count()).isEqualTo(2);
    assertThat(v.sumSeconds()).isEqualTo(0.201);
  }

  @Test
  void absentHistogramReadsAsZeros() {
    LatencyHistogram.Values v = LatencyHistogram.read(DaemonStatus.empty(), "d", BOUNDS);
    assertThat(v.cumulative()).containsExactly(0L, 0L, 0L);
    assertThat(v.count()).isZero();
  }
}

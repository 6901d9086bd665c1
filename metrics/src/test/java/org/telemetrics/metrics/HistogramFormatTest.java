package org.telemetrics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.telemetrics.metrics.Metric.Type;
import org.telemetrics.metrics.Metric.Unit;
import org.telemetrics.status.LatencyHistogram;

/** A histogram in every format: cumulative buckets up to +Inf, count, sum, when it began. */
class HistogramFormatTest {
  static final String BUCKET = "telemetrics_delivery_latency_seconds_bucket";

  /** 2 observations up to 0.1 s, none more up to 0.5 s, 3 more up to 1 s, 1 above. */
  static MetricsModel model() {
    LatencyHistogram.Values v =
        new LatencyHistogram.Values(List.of(0.1, 0.5, 1.0), List.of(2L, 2L, 5L), 6, 3.25);
    return new MetricsModel(
        List.of(
            new Metric(
                "telemetrics_delivery_latency_seconds",
                "Delivery latency.",
                Type.HISTOGRAM,
                Unit.SECONDS,
                true,
                List.of(Sample.histogram(v, 1_770_000_000_000L, "daemon", "telempostd")))));
  }

  @Test
  void openMetricsHasCumulativeBucketsCountSumAndCreated() {
    String text = MetricsFormat.OPENMETRICS.render(model(), Map.of());

    assertThat(text)
        .contains(
            "# TYPE telemetrics_delivery_latency_seconds histogram\n",
            "# UNIT telemetrics_delivery_latency_seconds seconds\n")
        .endsWith("# EOF\n");
    Map<String, Double> samples = TextSamples.parse(text);
    assertThat(samples.keySet())
        .startsWith(
            BUCKET + "{daemon=\"telempostd\",le=\"0.1\"}",
            BUCKET + "{daemon=\"telempostd\",le=\"0.5\"}",
            BUCKET + "{daemon=\"telempostd\",le=\"1.0\"}",
            BUCKET + "{daemon=\"telempostd\",le=\"+Inf\"}");
    assertThat(samples)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                BUCKET + "{daemon=\"telempostd\",le=\"0.1\"}",
                2.0,
                BUCKET + "{daemon=\"telempostd\",le=\"0.5\"}",
                2.0,
                BUCKET + "{daemon=\"telempostd\",le=\"1.0\"}",
                5.0,
                BUCKET + "{daemon=\"telempostd\",le=\"+Inf\"}",
                6.0,
                "telemetrics_delivery_latency_seconds_count{daemon=\"telempostd\"}",
                6.0,
                "telemetrics_delivery_latency_seconds_sum{daemon=\"telempostd\"}",
                3.25,
                "telemetrics_delivery_latency_seconds_created{daemon=\"telempostd\"}",
                1.77e9));
  }

  @Test
  void prometheusTextHasTheSameBucketsAndCreatedAsAGauge() {
    String text = MetricsFormat.PROMETHEUS.render(model(), Map.of());

    assertThat(text)
        .contains(
            "# TYPE telemetrics_delivery_latency_seconds histogram\n",
            "# TYPE telemetrics_delivery_latency_seconds_created gauge\n")
        .doesNotContain("# EOF");
    Map<String, Double> samples = TextSamples.parse(text);
    assertThat(samples)
        .containsEntry(BUCKET + "{daemon=\"telempostd\",le=\"0.5\"}", 2.0)
        .containsEntry(BUCKET + "{daemon=\"telempostd\",le=\"+Inf\"}", 6.0)
        .containsEntry("telemetrics_delivery_latency_seconds_count{daemon=\"telempostd\"}", 6.0)
        .containsEntry("telemetrics_delivery_latency_seconds_sum{daemon=\"telempostd\"}", 3.25)
        .containsEntry(
            "telemetrics_delivery_latency_seconds_created{daemon=\"telempostd\"}", 1.77e9)
        .hasSize(7);
  }

  @Test
  void influxHasOneIntegerFieldPerCumulativeBucketAndAFloatSum() {
    String line = MetricsFormat.INFLUX.render(model(), Map.of("host", "h")).strip();

    assertThat(line)
        .isEqualTo(
            "telempostd,daemon=telempostd,host=h "
                + "delivery_latency_seconds_bucket_le_0.1=2i,delivery_latency_seconds_bucket_le_0.5=2i,"
                + "delivery_latency_seconds_bucket_le_1=5i,delivery_latency_seconds_bucket_le_inf=6i,"
                + "delivery_latency_seconds_count=6i,delivery_latency_seconds_sum=3.25");
  }

  @Test
  void influxBoundsAreWrittenWithoutExponents() {
    assertThat(InfluxLineFormat.bound(0.0005)).isEqualTo("0.0005");
    assertThat(InfluxLineFormat.bound(86400.0)).isEqualTo("86400");
  }

  @Test
  void jsonHasBucketsAsLeAndCumulativeCount() throws Exception {
    JsonNode sample =
        new ObjectMapper()
            .readTree(MetricsFormat.JSON.render(model(), Map.of()))
            .get("metrics")
            .get(0)
            .get("samples")
            .get(0);

    assertThat(sample.get("count").asLong()).isEqualTo(6);
    assertThat(sample.get("sum").asDouble()).isEqualTo(3.25);
    assertThat(sample.has("value")).isFalse();
    assertThat(sample.get("created_ms").asLong()).isEqualTo(1_770_000_000_000L);
    JsonNode buckets = sample.get("buckets");
    assertThat(buckets).hasSize(4);
    assertThat(buckets.get(1).get("le").isNumber()).isTrue();
    assertThat(buckets.get(1).get("le").asDouble()).isEqualTo(0.5);
    assertThat(buckets.get(1).get("count").asLong()).isEqualTo(2);
    assertThat(buckets.get(3).get("le").asText()).isEqualTo("+Inf");
    assertThat(buckets.get(3).get("count").asLong()).isEqualTo(6);
  }

  @Test
  void aHistogramWithoutAFiniteSumIsRefused() {
    LatencyHistogram.Values nan =
        new LatencyHistogram.Values(List.of(1.0), List.of(1L), 1, Double.NaN);
    LatencyHistogram.Values inf =
        new LatencyHistogram.Values(List.of(1.0), List.of(1L), 1, Double.POSITIVE_INFINITY);

    assertThatThrownBy(() -> Sample.histogram(nan, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sample.histogram(inf, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHistogramMetricNeedsBucketsAndOthersMustNotHaveThem() {
    assertThatThrownBy(
            () ->
                new Metric(
                    "telemetrics_x_seconds",
                    "",
                    Type.HISTOGRAM,
                    Unit.SECONDS,
                    true,
                    List.of(Sample.of(1))))
        .hasMessageContaining("without buckets");
    assertThatThrownBy(
            () ->
                new Metric(
                    "telemetrics_x",
                    "",
                    Type.GAUGE,
                    Unit.NONE,
                    true,
                    List.of(model().metrics().get(0).samples().get(0))))
        .hasMessageContaining("has a histogram sample");
  }
}

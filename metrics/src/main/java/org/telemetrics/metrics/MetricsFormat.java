package org.telemetrics.metrics;

import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The formats {@code telemctl metrics} prints; the Prometheus ones are client_java's writers. */
public enum MetricsFormat {
  INFLUX,
  OPENMETRICS,
  PROMETHEUS,
  JSON;

  public static Optional<MetricsFormat> named(String name) {
    return Arrays.stream(values()).filter(f -> f.cliName().equals(name)).findFirst();
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The names, for messages: {@code influx, openmetrics, prometheus, json}. */
  public static String names() {
    return Arrays.stream(values()).map(MetricsFormat::cliName).collect(Collectors.joining(", "));
  }

  /** {@code tags} are only used by the line protocol (host, server). */
  public String render(MetricsModel model, Map<String, String> tags) {
    return switch (this) {
      case INFLUX -> InfluxLineFormat.write(model, tags);
      case JSON -> JsonFormat.write(model);
      case OPENMETRICS ->
          text(
              OpenMetricsTextFormatWriter.builder().setCreatedTimestampsEnabled(true).build(),
              model);
      // as telemetrics-metrics serves it: client_java writes _created as gauges in this format
      case PROMETHEUS ->
          text(
              PrometheusTextFormatWriter.builder()
                  .setIncludeCreatedTimestamps(true)
                  .setTimestampsInMs(false)
                  .build(),
              model);
    };
  }

  private static String text(
      io.prometheus.metrics.expositionformats.ExpositionFormatWriter w, MetricsModel model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      w.write(out, model.toSnapshots());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory stream does not fail
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}

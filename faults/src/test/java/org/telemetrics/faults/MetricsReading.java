package org.telemetrics.faults;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * The metrics of a root as an operator reads them: {@code telemctl metrics --format json} run as a
 * real process (it reads what the daemons persisted, so it answers while they are stopped), parsed
 * into series by metric name.
 */
final class MetricsReading {
  /** One sample: its labels and value. */
  record Series(Map<String, String> labels, double value) {
    Series {
      labels = Map.copyOf(labels);
    }
  }

  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, List<Series>> byName;

  private MetricsReading(Map<String, List<Series>> byName) {
    this.byName = byName;
  }

  /** Runs {@code telemctl metrics --format json} against {@code root}; fails with its output. */
  static MetricsReading of(TestRoot root) throws IOException {
    Path output = Files.createTempFile(root.dir(), "telemctl-metrics", ".json");
    JavaProcess.Result r =
        JavaProcess.run(
            "org.telemetrics.ctl.Telemctl",
            List.of("metrics", "--format", "json"),
            root.env(),
            output,
            Duration.ofSeconds(60));
    if (r.exitCode() != 0) {
      throw new AssertionError("telemctl metrics exited with " + r.exitCode() + ":\n" + r.output());
    }
    String json = r.output();
    return new MetricsReading(parse(json.substring(Math.max(0, json.indexOf('{')))));
  }

  /** The series of {@code name}; empty when the model has no such metric. */
  List<Series> series(String name) {
    return byName.getOrDefault(name, List.of());
  }

  double sum(String name) {
    return series(name).stream().mapToDouble(Series::value).sum();
  }

  /** The values of {@code name} by the value of its label {@code label} (absent: ""). */
  Map<String, Double> byLabel(String name, String label) {
    Map<String, Double> values = new TreeMap<>();
    for (Series s : series(name)) {
      values.merge(s.labels().getOrDefault(label, ""), s.value(), Double::sum);
    }
    return values;
  }

  /** {"metrics":[{"name", ..., "samples":[{"labels":{...}, "value", ...}]}]} (JsonFormat). */
  static Map<String, List<Series>> parse(String json) throws IOException {
    Map<String, List<Series>> byName = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        if (!p.currentName().equals("metrics")) {
          p.nextToken();
          p.skipChildren();
          continue;
        }
        expect(p.nextToken(), JsonToken.START_ARRAY);
        while (p.nextToken() == JsonToken.START_OBJECT) {
          String name = null;
          List<Series> samples = new ArrayList<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
              case "name" -> name = p.getText();
              case "samples" -> readSamples(p, samples);
              default -> p.skipChildren();
            }
          }
          byName.put(name, samples);
        }
      }
    }
    return byName;
  }

  private static void readSamples(JsonParser p, List<Series> into) throws IOException {
    expect(p.currentToken(), JsonToken.START_ARRAY);
    while (p.nextToken() == JsonToken.START_OBJECT) {
      Map<String, String> labels = new TreeMap<>();
      double value = Double.NaN;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("labels")) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String label = p.currentName();
            p.nextToken();
            labels.put(label, p.getText());
          }
        } else if (field.equals("value")) {
          value = p.getDoubleValue();
        } else {
          p.skipChildren();
        }
      }
      into.add(new Series(labels, value));
    }
  }

  private static void expect(JsonToken actual, JsonToken wanted) throws IOException {
    if (actual != wanted) {
      throw new IOException("telemctl metrics JSON: " + wanted + " expected, got " + actual);
    }
  }
}

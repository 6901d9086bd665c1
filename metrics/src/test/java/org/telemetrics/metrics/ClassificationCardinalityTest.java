package org.telemetrics.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.status.ClassificationLabels;

/**
 * 10,000 distinct classifications, counted as the daemons count them, give at most (globs + 1)
 * classification series per counter in every format.
 */
class ClassificationCardinalityTest {
  static final String GLOBS = "org.clearlinux/crash/* org.clearlinux/hello/*";
  static final ClassificationLabels LABELS = ClassificationLabels.parse(GLOBS);
  static final int MAX_SERIES = LABELS.globs().size() + 1;
  static final Pattern OM_CLASS =
      Pattern.compile(
          "^(telemetrics_records_(?:accepted|delivered)_total)\\{classification=\"([^\"]*)\"",
          Pattern.MULTILINE);
  static final Pattern INFLUX_CLASS =
      Pattern.compile(
          "^(telemp\\w+),classification=(\\S*?),daemon=.* (records_\\w+_total)=",
          Pattern.MULTILINE);

  @TempDir Path tmp;
  private MetricsModel model;

  @BeforeEach
  void tenThousandClassificationsPassBothDaemons() throws Exception {
    DaemonRun probd = DaemonRun.start(tmp.resolve("telemprobd.status"), 1_780_000_000_000L);
    DaemonRun postd = DaemonRun.start(tmp.resolve("telempostd.status"), 1_780_000_000_000L);
    for (int i = 0; i < 10_000; i++) {
      String classification =
          switch (i % 3) {
            case 0 -> "org.clearlinux/crash/c" + i;
            case 1 -> "com.example/app" + i + "/event";
            default -> "org.clearlinux/hello/h" + i;
          };
      String label = LABELS.labelOf(classification);
      probd.count("accepted", 1).count(ClassificationLabels.statusKey("accepted", label), 1);
      postd.count("delivered", 1).count(ClassificationLabels.statusKey("delivered", label), 1);
    }
    probd.write();
    postd.write();
    model = new PersistedMetrics(TestSources.in(tmp, GLOBS), TestSources.CLOCK).readOrThrow();
  }

  @Test
  void theModelHasOneSeriesPerGlobAndOther() {
    for (String name :
        new String[] {
          "telemetrics_records_accepted_total", "telemetrics_records_delivered_total"
        }) {
      Metric m = model.find(name).orElseThrow();
      assertThat(m.samples()).hasSize(MAX_SERIES);
      assertThat(m.samples().stream().mapToDouble(Sample::value).sum()).isEqualTo(10_000);
    }
  }

  @Test
  void openMetricsAndPrometheusText() {
    for (MetricsFormat f :
        new MetricsFormat[] {MetricsFormat.OPENMETRICS, MetricsFormat.PROMETHEUS}) {
      Map<String, Set<String>> series = new java.util.HashMap<>();
      Matcher m = OM_CLASS.matcher(f.render(model, Map.of()));
      while (m.find()) {
        series.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(m.group(2));
      }
      assertThat(series)
          .as(f.cliName())
          .hasSize(2)
          .allSatisfy((name, values) -> assertThat(values).hasSize(MAX_SERIES));
    }
  }

  @Test
  void influxLineProtocol() {
    Map<String, Set<String>> series = new java.util.HashMap<>();
    Matcher m = INFLUX_CLASS.matcher(MetricsFormat.INFLUX.render(model, Map.of()));
    while (m.find()) {
      series.computeIfAbsent(m.group(1) + " " + m.group(3), k -> new HashSet<>()).add(m.group(2));
    }
    assertThat(series)
        .containsOnlyKeys("telemprobd records_accepted_total", "telempostd records_delivered_total")
        .allSatisfy((name, values) -> assertThat(values).hasSize(MAX_SERIES));
  }

  @Test
  void json() throws Exception {
    JsonNode metrics =
        new ObjectMapper().readTree(MetricsFormat.JSON.render(model, Map.of())).get("metrics");
    int families = 0;
    for (JsonNode metric : metrics) {
      Set<String> values = new HashSet<>();
      for (JsonNode s : metric.get("samples")) {
        if (s.get("labels").has("classification")) {
          values.add(s.get("labels").get("classification").asText());
        }
      }
      if (!values.isEmpty()) {
        families++;
        assertThat(values).as(metric.get("name").asText()).hasSize(MAX_SERIES);
      }
    }
    assertThat(families).isEqualTo(2);
  }
}

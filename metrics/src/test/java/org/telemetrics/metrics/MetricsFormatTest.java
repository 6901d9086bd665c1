package org.telemetrics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/** Every format is written from one model read from telempostd's status file. */
class MetricsFormatTest {
  @TempDir Path tmp;

  private MetricsModel model() throws IOException {
    Path file = tmp.resolve("telempostd.status");
    StatusFile.write(
        file,
        DaemonStatus.empty()
            .with(DaemonStatus.UPDATED_MS, 1_780_000_000_500L)
            .with(DaemonStatus.LAST_DELIVERY_MS, 1_780_000_000_250L)
            .with("queued", 3)
            .with("queued_bytes", 4096)
            .with("totals_since_ms", 1_770_000_000_000L)
            .with("delivered_total", 10)
            .with("dropped_spool_full_total", 2)
            .with("dead_lettered_total", 1));
    StatusFile.write(
        tmp.resolve("telemprobd.status"),
        DaemonStatus.empty()
            .with("totals_since_ms", 1_760_000_000_000L)
            .with("accepted_total", 12)
            .with("rejected_invalid_total", 4));
    return TestSources.persisted(tmp).readOrThrow();
  }

  @Test
  void openMetricsCarriesTotalsCreatedTimesAndUnits() throws IOException {
    String text = MetricsFormat.OPENMETRICS.render(model(), Map.of());
    assertThat(text)
        .contains(
            "telemetrics_records_delivered_total{classification=\"other\",daemon=\"telempostd\"} 10.0")
        .contains(
            "telemetrics_records_delivered_created{classification=\"other\",daemon=\"telempostd\"} 1770000000.000")
        .contains(
            "telemetrics_records_dropped_total{daemon=\"telempostd\",reason=\"spool_full\"} 2.0")
        .contains("# UNIT telemetrics_queued_bytes bytes")
        .contains("telemetrics_build_info{version=")
        .endsWith("# EOF\n");
    assertThat(text)
        .contains(
            "telemetrics_records_accepted_total{classification=\"other\",daemon=\"telemprobd\"} 12.0")
        .contains(
            "telemetrics_records_rejected_total{daemon=\"telemprobd\",reason=\"invalid\"} 4.0");
    assertThat(MetricsFormat.PROMETHEUS.render(model(), Map.of()))
        .contains("# TYPE telemetrics_records_delivered_total counter")
        .contains("telemetrics_queued_records{daemon=\"telempostd\"} 3.0");
  }

  @Test
  void influxLinesAreTaggedTypedAndEscaped() throws IOException {
    String text =
        MetricsFormat.INFLUX.render(
            model(), Map.of("host", "my host,a=b", "server", "backend.example"));
    List<String> lines = text.lines().toList();
    assertThat(lines)
        .contains(
            "telempostd,daemon=telempostd,host=my\\ host\\,a\\=b,reason=spool_full,"
                + "server=backend.example records_dropped_total=2i");
    String main = lines.stream().filter(l -> l.contains("queued_bytes")).findFirst().orElseThrow();
    assertThat(main)
        .startsWith(
            "telempostd,daemon=telempostd,host=my\\ host\\,a\\=b," + "server=backend.example ")
        .contains("queued_bytes=4096i", "last_delivery_timestamp_seconds=1.78000000025E9");
    assertThat(lines)
        .contains(
            "telempostd,classification=other,daemon=telempostd,"
                + "host=my\\ host\\,a\\=b,server=backend.example records_delivered_total=10i");
    assertThat(lines)
        .contains(
            "telemprobd,classification=org.clearlinux/crash/*,"
                + "daemon=telemprobd,host=my\\ host\\,a\\=b,server=backend.example "
                + "records_accepted_total=0i");
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith("telemetrics,daemon=telemetrics,host=")
                    && l.contains(" build_info=1i"));
  }

  @Test
  void theLineProtocolEscapesWhatItMust() {
    assertThat(InfluxLineFormat.escapeMeasurement("a b,c=d")).isEqualTo("a\\ b\\,c=d");
    assertThat(InfluxLineFormat.escapeKey("a b,c=d")).isEqualTo("a\\ b\\,c\\=d");
    assertThat(InfluxLineFormat.quoteString("say \"hi\" \\o/"))
        .isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
    assertThat(InfluxLineFormat.escapeKey("two\nlines")).isEqualTo("two\\ lines");
  }

  @Test
  void jsonValuesAreNumbers() throws IOException {
    String json = MetricsFormat.JSON.render(model(), Map.of());
    try (JsonParser p = new JsonFactory().createParser(json)) {
      int integers = 0;
      int floats = 0;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equals("value")) {
          JsonToken v = p.nextToken();
          assertThat(v).isIn(JsonToken.VALUE_NUMBER_INT, JsonToken.VALUE_NUMBER_FLOAT);
          if (v == JsonToken.VALUE_NUMBER_INT) {
            integers++;
          } else {
            floats++;
          }
        }
      }
      assertThat(integers).isGreaterThan(5);
      assertThat(floats).isEqualTo(3); // two timestamps and the oldest record's age
    }
    assertThat(json)
        .contains("\"name\" : \"telemetrics_records_delivered_total\"")
        .contains("\"value\" : 10");
  }

  @Test
  void noStatusFileYetGivesZeros() throws IOException {
    MetricsModel m = TestSources.persisted(tmp).readOrThrow();
    assertThat(m.find("telemetrics_records_delivered_total").orElseThrow().samples())
        .allSatisfy(s -> assertThat(s.value()).isZero());
  }

  @Test
  void aDamagedStatusFileIsAnErrorNamingIt() throws IOException {
    Path file = Files.writeString(tmp.resolve("telempostd.status"), "garbage\n");
    assertThatThrownBy(() -> TestSources.persisted(tmp).readOrThrow())
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString());
  }
}

package org.telemetrics.ctl.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.ctl.Ctl;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.LatencyHistogram;
import org.telemetrics.status.StatusFile;

/**
 * A real InfluxDB 1.x accepts what {@code telemctl metrics --format influx} prints, and gives the
 * same values back to InfluxQL. Skipped, with the reason, where influxd is not installed
 * (scripts/install-deps.sh installs it).
 */
@Timeout(180)
class InfluxAcceptanceTest {
  private static final String DB = "telemetrics";

  @TempDir Path tmp;

  @Test
  void influxAcceptsTheLinesAndReturnsTheSameValues() throws Exception {
    Optional<Path> influxd = InfluxServer.binary();
    if (influxd.isEmpty()) {
      System.err.println(
          "SKIPPED InfluxAcceptanceTest: influxd is not installed "
              + "(scripts/install-deps.sh installs the Debian package influxdb)");
      Assumptions.abort("influxd is not installed (scripts/install-deps.sh installs influxdb)");
    }
    Ctl ctl = new Ctl(tmp.resolve("root"));
    ctl.root.set("server", "https://backend.example/v2/collector");
    Path statusFile = ctl.root.config().path(ConfigKeys.POSTD_STATUS_FILE);
    Files.createDirectories(statusFile.getParent());
    LatencyHistogram latency =
        new LatencyHistogram("delivery_seconds", LatencyHistogram.DELIVERY_BOUNDS);
    latency.observeNanos(80_000_000L);
    latency.observeNanos(1_500_000_000L);
    latency.observeNanos(100_000_000_000_000L); // 27 h: above the last bound
    Map<String, Long> counts = new LinkedHashMap<>(latency.counts());
    counts.put("delivered", 987_654_321_012L);
    counts.put("dropped_rate_limit", 17L);
    StatusFile.write(
        statusFile,
        CounterTotals.load(statusFile, 1_770_000_000_000L, w -> {})
            .addTo(
                DaemonStatus.empty()
                    .with("queued", 5)
                    .with("queued_bytes", 12_345)
                    .with(DaemonStatus.LAST_DELIVERY_MS, 1_780_000_000_250L),
                counts));
    StatusFile.write(
        ctl.root.config().path(ConfigKeys.PROBD_STATUS_FILE),
        DaemonStatus.empty().with("accepted_total", 1234).with("rejected_staging_full_total", 6));
    Ctl.Run run = ctl.run("metrics", "--format", "influx");
    assertThat(run.exitCode()).as(run.err()).isZero();

    Path dir = Files.createDirectories(tmp.resolve("influx"));
    try (InfluxServer influx = InfluxServer.start(influxd.get(), dir)) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(influx::ready);
      assertThat(influx.query("", "CREATE DATABASE " + DB).statusCode()).isEqualTo(200);

      HttpResponse<String> written = influx.write(DB, run.out());
      assertThat(written.statusCode()).as(written.body()).isEqualTo(204);

      // the daemon's line: no tag but daemon, host and server
      String daemonLine =
          " FROM telempostd WHERE server = 'backend.example' AND reason = ''"
              + " AND classification = '' AND outcome = '' AND status = ''";
      assertThat(
              values(
                  influx,
                  "SELECT queued_records, queued_bytes,"
                      + " last_delivery_timestamp_seconds"
                      + daemonLine))
          .containsExactly("5", "12345", "1780000000.25");
      assertThat(
              values(
                  influx,
                  "SELECT records_delivered_total FROM telempostd"
                      + " WHERE classification = 'other'"))
          .containsExactly("987654321012");
      assertThat(
              values(
                  influx,
                  "SELECT \"delivery_latency_seconds_bucket_le_0.05\","
                      + " \"delivery_latency_seconds_bucket_le_0.1\", delivery_latency_seconds_bucket_le_86400,"
                      + " delivery_latency_seconds_bucket_le_inf, delivery_latency_seconds_count,"
                      + " delivery_latency_seconds_sum"
                      + daemonLine))
          .containsExactly("0", "1", "2", "3", "3", "100001.58");
      assertThat(
              values(
                  influx,
                  "SELECT records_dropped_total FROM telempostd WHERE reason = 'rate_limit'"))
          .containsExactly("17");
      assertThat(values(influx, "SELECT build_info FROM telemetrics")).containsExactly("1");
      assertThat(
              values(
                  influx,
                  "SELECT records_accepted_total FROM telemprobd"
                      + " WHERE classification = 'other'"))
          .containsExactly("1234");
      assertThat(
              values(
                  influx,
                  "SELECT records_rejected_total FROM telemprobd WHERE reason = 'staging_full'"))
          .containsExactly("6");
      HttpResponse<String> types = influx.query(DB, "SHOW FIELD KEYS FROM telempostd");
      assertThat(types.body())
          .contains("[\"records_delivered_total\",\"integer\"]")
          .contains("[\"queued_bytes\",\"integer\"]")
          .contains("[\"last_delivery_timestamp_seconds\",\"float\"]")
          .contains("[\"delivery_latency_seconds_bucket_le_inf\",\"integer\"]")
          .contains("[\"delivery_latency_seconds_sum\",\"float\"]");
    }
  }

  /** The values of the one row the query returns (without its time), as InfluxDB wrote them. */
  private static List<String> values(InfluxServer influx, String influxQl) throws IOException {
    HttpResponse<String> r = influx.query(DB, influxQl);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> row = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(r.body())) {
      int rows = 0;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equals("values")) {
          p.nextToken(); // [
          while (p.nextToken() == JsonToken.START_ARRAY) {
            rows++;
            p.nextToken(); // time
            for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
              row.add(p.getText());
            }
          }
        }
      }
      assertThat(rows).as(r.body()).isEqualTo(1);
    }
    return row;
  }
}

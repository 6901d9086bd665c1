package org.telemetrics.ctl.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.ctl.Ctl;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/** telemctl metrics reads what telempostd persisted: no daemon runs in these tests. */
class MetricsCommandTest {
  @TempDir Path tmp;
  private Ctl ctl;
  private Path statusFile;

  @BeforeEach
  void persistedCounters() throws Exception {
    ctl = new Ctl(tmp.resolve("root"));
    ctl.root.set("server", "https://backend.example:8443/v2/collector?key=secret");
    statusFile = ctl.root.config().path(ConfigKeys.POSTD_STATUS_FILE);
    Files.createDirectories(statusFile.getParent());
    StatusFile.write(
        statusFile,
        DaemonStatus.empty()
            .with("queued", 2)
            .with("queued_bytes", 900)
            .with("totals_since_ms", 1_770_000_000_000L)
            .with("delivered_total", 41)
            .with("dropped_expired_total", 3));
  }

  @Test
  void influxLinesNameTheServerHostOnly() {
    Ctl.Run run = ctl.run("metrics", "--format", "influx");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("server=backend.example ")
        .contains("records_delivered_total=41i")
        .contains("queued_bytes=900i")
        .contains("reason=expired,server=backend.example records_dropped_total=3i")
        .doesNotContain("secret")
        .doesNotContain("collector");
  }

  @Test
  void telemprobdsCountersComeFromItsOwnFile() throws Exception {
    StatusFile.write(
        ctl.root.config().path(ConfigKeys.PROBD_STATUS_FILE),
        DaemonStatus.empty().with("accepted_total", 50).with("rejected_not_allowed_total", 2));
    assertThat(ctl.run("metrics", "--format", "prometheus").out())
        .contains(
            "telemetrics_records_accepted_total{classification=\"other\",daemon=\"telemprobd\"} 50.0")
        .contains(
            "telemetrics_records_rejected_total{daemon=\"telemprobd\",reason=\"not_allowed\"} 2.0");
  }

  @Test
  void everyFormatPrintsTheSameCounts() {
    assertThat(ctl.run("metrics", "--format", "json").out()).contains("\"value\" : 41");
    assertThat(ctl.run("metrics", "--format", "prometheus").out())
        .contains(
            "telemetrics_records_delivered_total{classification=\"other\",daemon=\"telempostd\"} 41.0");
    assertThat(ctl.run("metrics").out())
        .endsWith("# EOF\n")
        .contains(
            "telemetrics_records_delivered_total{classification=\"other\",daemon=\"telempostd\"} 41.0");
  }

  @Test
  void outputIsWrittenAtomicallyBesideTheTarget() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("textfile"));
    Path target = dir.resolve("telemetrics.prom");
    Files.writeString(target, "old\n");
    Ctl.Run run = ctl.run("metrics", "--format", "prometheus", "--output", target.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(Files.readString(target))
        .isEqualTo(ctl.run("metrics", "--format", "prometheus").out());
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target); // no temporary file left
    }
  }

  @Test
  void anUnknownFormatIsAUsageError() {
    Ctl.Run run = ctl.run("metrics", "--format", "xml");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "telemctl metrics: unknown format 'xml' (use influx, openmetrics, prometheus, json)");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aDamagedStatusFileIsOneLineNamingIt() throws Exception {
    Files.writeString(statusFile, "garbage\n");
    Ctl.Run run = ctl.run("metrics", "--format", "influx");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .startsWith("telemctl metrics: " + statusFile)
        .doesNotContain("\n");
  }

  @Test
  void aDamagedProbdStatusFileFailsTheCommandAndPrintsNoMetrics() throws Exception {
    Path probd = ctl.root.config().path(ConfigKeys.PROBD_STATUS_FILE);
    Files.writeString(probd, "# telemetrics-status 1\naccepted_total 5\n");
    for (String format : new String[] {"influx", "openmetrics", "prometheus", "json"}) {
      Ctl.Run run = ctl.run("metrics", "--format", format);

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err())
          .isEqualTo("telemctl metrics: " + probd + ": status line 2 is not key=value\n");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void aDamagedStatusFileLeavesAnOutputFileAsItWas() throws Exception {
    Path target = tmp.resolve("telemetrics.prom");
    Files.writeString(target, "last good\n");
    Files.writeString(statusFile, "garbage\n");

    Ctl.Run run = ctl.run("metrics", "--output", target.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(target).hasContent("last good");
  }

  @Test
  void histogramsAndTheSuiteGaugesArePrinted() {
    String text = ctl.run("metrics", "--format", "prometheus").out();

    assertThat(text)
        .contains("# TYPE telemetrics_delivery_latency_seconds histogram\n")
        .contains("# TYPE telemetrics_staging_commit_duration_seconds histogram\n")
        .contains("telemetrics_opted_in 1.0\n")
        .contains("telemetrics_status_file_readable{daemon=\"telempostd\"} 1.0\n");
  }
}

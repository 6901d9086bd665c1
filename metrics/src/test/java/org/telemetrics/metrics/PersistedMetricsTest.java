package org.telemetrics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.telemetrics.metrics.ModelAssertions.value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/** A damaged status file costs its own daemon's metrics, never the other daemon's. */
class PersistedMetricsTest {
  @TempDir Path tmp;

  @Test
  void aDamagedFileLeavesOutItsDaemonAndKeepsTheOther() throws Exception {
    Path probd = Files.writeString(tmp.resolve("telemprobd.status"), "garbage\n");
    StatusFile.write(
        tmp.resolve("telempostd.status"),
        DaemonStatus.empty().with("delivered_total", 7).with("start_ms", 1_780_000_000_000L));

    MetricsReading reading = TestSources.persisted(tmp).read();

    assertThat(reading.problems())
        .singleElement()
        .asString()
        .startsWith(probd.toString())
        .doesNotContain("\n");
    MetricsModel m = reading.model();
    assertThat(value(m, "telemetrics_status_file_readable", "daemon", "telemprobd")).isZero();
    assertThat(value(m, "telemetrics_status_file_readable", "daemon", "telempostd")).isEqualTo(1);
    assertThat(value(m, "telemetrics_records_delivered_total", "classification", "other"))
        .isEqualTo(7);
    assertThat(m.find("telemetrics_records_received_total")).isEmpty(); // not 0: no going down
    assertThat(m.find("telemetrics_start_time_seconds").orElseThrow().samples())
        .singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("daemon", "telempostd"));
    assertThat(m.find("telemetrics_opted_in")).isPresent();
  }

  @Test
  void anUnreadableFileIsNamedWithItsReason() throws Exception {
    Path postd = Files.createDirectory(tmp.resolve("telempostd.status"));

    MetricsReading reading = TestSources.persisted(tmp).read();

    assertThat(reading.problems())
        .singleElement()
        .asString()
        .isEqualTo(postd + " is not a regular file (it is a directory)");
  }

  @Test
  void theStrictReadNamesTheDamagedFile() throws Exception {
    Path postd =
        Files.writeString(
            tmp.resolve("telempostd.status"), "# telemetrics-status 1\n" + "no equals sign\n");

    assertThatThrownBy(() -> TestSources.persisted(tmp).readOrThrow())
        .isInstanceOf(IOException.class)
        .hasMessage(postd + ": status line 2 is not key=value");
  }

  @Test
  void missingFilesAreDaemonsThatNeverRanAndAreReadable() {
    MetricsReading reading = TestSources.persisted(tmp).read();

    assertThat(reading.problems()).isEmpty();
    assertThat(value(reading.model(), "telemetrics_status_file_readable", "daemon", "telemprobd"))
        .isEqualTo(1);
    assertThat(value(reading.model(), "telemetrics_records_received_total")).isZero();
  }

  @Test
  void bothDaemonsStartTimesAreOneFamily() throws Exception {
    StatusFile.write(
        tmp.resolve("telemprobd.status"), DaemonStatus.empty().with("start_ms", 1_000_000));
    StatusFile.write(
        tmp.resolve("telempostd.status"), DaemonStatus.empty().with("start_ms", 2_000_000));

    MetricsModel m = TestSources.persisted(tmp).read().model();

    assertThat(value(m, "telemetrics_start_time_seconds", "daemon", "telemprobd")).isEqualTo(1000);
    assertThat(value(m, "telemetrics_start_time_seconds", "daemon", "telempostd")).isEqualTo(2000);
    assertThat(m.metrics().stream().filter(x -> x.name().equals("telemetrics_start_time_seconds")))
        .hasSize(1);
  }
}

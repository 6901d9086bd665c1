package org.telemetrics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telemetrics.metrics.ModelAssertions.model;
import static org.telemetrics.metrics.ModelAssertions.sample;
import static org.telemetrics.metrics.ModelAssertions.value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.Version;
import org.telemetrics.status.ClassificationLabels;

/** The suite's own gauges: build, opt-in, delivery, machine id age (no daemon label). */
class SuiteMetricsTest {
  static final long NOW = TestSources.CLOCK.millis();

  @TempDir Path tmp;

  private MetricsModel read(MetricsSources sources) {
    return model(SuiteMetrics.of(sources, TestSources.CLOCK));
  }

  @Test
  void buildInfoCarriesTheVersion() {
    assertThat(sample(read(TestSources.in(tmp)), "telemetrics_build_info").labels())
        .containsExactlyEntriesOf(java.util.Map.of("version", Version.number()));
  }

  @Test
  void optedInFollowsTheOptInFile() throws Exception {
    assertThat(value(read(TestSources.in(tmp)), "telemetrics_opted_in")).isZero();

    Files.createFile(tmp.resolve("opt-in"));

    assertThat(value(read(TestSources.in(tmp)), "telemetrics_opted_in")).isEqualTo(1);
  }

  @Test
  void deliveryEnabledFollowsTheSetting() {
    MetricsSources s = TestSources.in(tmp);
    MetricsSources off =
        new MetricsSources(
            s.probdStatusFile(),
            s.postdStatusFile(),
            s.optInFile(),
            s.staticMachineIdFile(),
            s.machineIdFile(),
            ClassificationLabels.parse(""),
            false);

    assertThat(value(read(s), "telemetrics_delivery_enabled")).isEqualTo(1);
    assertThat(value(read(off), "telemetrics_delivery_enabled")).isZero();
  }

  @Test
  void theMachineIdAgeIsAbsentWithoutAnId() {
    assertThat(read(TestSources.in(tmp)).find("telemetrics_machine_id_age_seconds")).isEmpty();
  }

  @Test
  void theMachineIdAgeIsTheRotatingFilesAge() throws Exception {
    writtenAt(tmp.resolve("machine_id"), "0123456789abcdef0123456789abcdef", NOW - 90_000);

    assertThat(value(read(TestSources.in(tmp)), "telemetrics_machine_id_age_seconds"))
        .isEqualTo(90);
  }

  @Test
  void aStaticIdWinsOverTheRotatingOne() throws Exception {
    writtenAt(tmp.resolve("machine_id"), "0123456789abcdef0123456789abcdef", NOW - 90_000);
    writtenAt(tmp.resolve("opt-in-static-machine-id"), "my-fleet-id\n", NOW - 10_000_000);

    assertThat(value(read(TestSources.in(tmp)), "telemetrics_machine_id_age_seconds"))
        .isEqualTo(10_000);
  }

  @Test
  void anEmptyStaticFileIsIgnoredAsTelemprobdIgnoresIt() throws Exception {
    writtenAt(tmp.resolve("machine_id"), "0123456789abcdef0123456789abcdef", NOW - 90_000);
    writtenAt(tmp.resolve("opt-in-static-machine-id"), "\n", NOW - 10_000_000);

    assertThat(value(read(TestSources.in(tmp)), "telemetrics_machine_id_age_seconds"))
        .isEqualTo(90);
  }

  private static void writtenAt(Path file, String text, long millis) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
  }
}

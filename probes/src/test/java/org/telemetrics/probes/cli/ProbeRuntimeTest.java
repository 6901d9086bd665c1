package org.telemetrics.probes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.SendResult.Failure;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;

/** The one mapping from a send's result to every probe's exit status, and the configuration. */
class ProbeRuntimeTest {
  @Test
  void successIsAnAcknowledgementOrACloseWithoutTheProtocol() {
    assertThat(ProbeRuntime.exitStatus(new SendResult.Accepted("0123456789abcdef0123456789abcdef")))
        .isEqualTo(ProbeRuntime.OK);
    assertThat(ProbeRuntime.exitStatus(new SendResult.SentUnacknowledged()))
        .isEqualTo(ProbeRuntime.OK);
  }

  @Test
  void everyDeadlineThatPassedIsStatus75() {
    assertThat(ProbeRuntime.TIMED_OUT).isEqualTo(75);
    assertThat(ProbeRuntime.exitStatus(new SendResult.Failed(Failure.TIMEOUT, "connecting")))
        .isEqualTo(ProbeRuntime.TIMED_OUT);
    assertThat(ProbeRuntime.exitStatus(new SendResult.Failed(Failure.ACK_TIMEOUT, "no answer")))
        .isEqualTo(ProbeRuntime.TIMED_OUT);
  }

  @Test
  void everyOtherFailureIsStatus1() {
    assertThat(ProbeRuntime.exitStatus(new SendResult.Rejected("staging is full")))
        .isEqualTo(ProbeRuntime.FAILURE);
    for (Failure f :
        new Failure[] {Failure.NOT_OPTED_IN, Failure.CONNECT, Failure.BAD_REPLY, Failure.IO}) {
      assertThat(ProbeRuntime.exitStatus(new SendResult.Failed(f, "x")))
          .as(f.name())
          .isEqualTo(ProbeRuntime.FAILURE);
    }
  }

  @Test
  void anUnusableConfigurationIsReportedOnceAndGivesNone(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "[settings]\npost_parallelism=0\n");
    List<String> errors = new ArrayList<>();

    Optional<TelemetryConfig> config =
        ProbeRuntime.loadConfig(
            Optional.of(file), Map.of("TELEMETRICS_ROOT", dir.toString()), errors::add);

    assertThat(config).isEmpty();
    assertThat(errors)
        .singleElement()
        .asString()
        .startsWith("configuration: ")
        .contains("post_parallelism");
  }

  @Test
  void withoutAFileTheConfigurationIsFoundUnderTheRootAndNothingIsReported(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("etc/telemetrics/telemetrics.conf");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "[settings]\npost_parallelism=9\n");
    List<String> errors = new ArrayList<>();

    Optional<TelemetryConfig> config =
        ProbeRuntime.loadConfig(
            Optional.empty(), Map.of("TELEMETRICS_ROOT", dir.toString()), errors::add);

    assertThat(config)
        .hasValueSatisfying(c -> assertThat(c.get(ConfigKeys.POST_PARALLELISM)).isEqualTo(9L));
    assertThat(errors).isEmpty();
  }
}

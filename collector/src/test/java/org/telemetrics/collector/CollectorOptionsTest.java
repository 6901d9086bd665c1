package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorOptionsTest {
  @Test
  void defaultsListenOnLoopbackOnAFreePort() {
    CollectorOptions o = CollectorOptions.parse(List.of());

    assertThat(o.bind()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isZero();
    assertThat(o.output()).isEqualTo(Path.of("telemetrics-collector.jsonl"));
    assertThat(o.urlFile()).isNull();
    assertThat(o.tid()).isEqualTo(BackendRules.DEFAULT_TID);
  }

  @Test
  void longAndShortFormsWithSeparateOrJoinedValues() {
    CollectorOptions o =
        CollectorOptions.parse(
            List.of(
                "-p",
                "8765",
                "--output=r.jsonl",
                "-u",
                "u",
                "--tid",
                "t",
                "--bind=0.0.0.0",
                "--max-body-bytes",
                "10"));

    assertThat(o)
        .isEqualTo(
            new CollectorOptions("0.0.0.0", 8765, Path.of("r.jsonl"), Path.of("u"), "t", 10));
  }

  @Test
  void helpGivesNull() {
    assertThat(CollectorOptions.parse(List.of("--help"))).isNull();
    assertThat(CollectorOptions.request(List.of("-p", "1", "--help")))
        .isEqualTo(new CollectorOptions.Request.Help());
    assertThat(CollectorOptions.request(List.of("--version")))
        .isEqualTo(new CollectorOptions.Request.ShowVersion());
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> CollectorOptions.parse(List.of("--port", "70000")))
        .hasMessage("option --port: 70000 is not in 0..65535");
    assertThatThrownBy(() -> CollectorOptions.parse(List.of("--output")))
        .hasMessage("option '--output' requires an argument");
    assertThatThrownBy(() -> CollectorOptions.parse(List.of("--verbose")))
        .hasMessage("unrecognized option '--verbose'");
    assertThatThrownBy(() -> CollectorOptions.parse(List.of("extra")))
        .hasMessage("unexpected argument 'extra'");
  }
}

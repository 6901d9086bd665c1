package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrashArgsTest {
  @Test
  void parsesTheCorePatternLineOfThePackage() throws Exception {
    CrashArgs a =
        CrashArgs.parse(
            List.of(
                "-p",
                "crashme",
                "-E",
                "!usr!bin!crashme",
                "-s",
                "11",
                "-P",
                "4242",
                "-u",
                "1000",
                "-g",
                "100",
                "-t",
                "1795348588"));

    assertThat(a.process()).isEqualTo("/usr/bin/crashme");
    assertThat(a.signal()).contains(11);
    assertThat(a.pid()).contains(4242L);
    assertThat(a.uid()).contains(1000L);
    assertThat(a.gid()).contains(100L);
    assertThat(a.time()).contains(1795348588L);
  }

  @Test
  void longOptionsTakeTheirValueAfterAnEqualsSign() throws Exception {
    CrashArgs a =
        CrashArgs.parse(
            List.of(
                "--process-name=sleep",
                "--signal=6",
                "--verbose",
                "--config-file",
                "/etc/t.conf",
                "--core-file=/tmp/core"));

    assertThat(a.process()).isEqualTo("sleep");
    assertThat(a.signal()).contains(6);
    assertThat(a.verbose()).isTrue();
    assertThat(a.configFile()).contains("/etc/t.conf");
    assertThat(a.coreFile()).contains("/tmp/core");
  }

  @Test
  void theProcessNameIsRequiredAsInC() {
    assertThatThrownBy(() -> CrashArgs.parse(List.of("-s", "11")))
        .hasMessage("crashprobe: missing required option -p (--process-name)");
  }

  @Test
  void helpAndVersionNeedNoProcessName() throws Exception {
    assertThat(CrashArgs.parse(List.of("-h")).help()).isTrue();
    assertThat(CrashArgs.parse(List.of("-V")).version()).isTrue();
  }

  @Test
  void rejectsBadNumbersUnknownOptionsAndMissingValues() {
    assertThatThrownBy(() -> CrashArgs.parse(List.of("-p", "x", "-s", "11x")))
        .hasMessage("crashprobe: option -s: \"11x\" is not a whole number");
    assertThatThrownBy(() -> CrashArgs.parse(List.of("-p", "x", "-s", "-1")))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> CrashArgs.parse(List.of("-p", "x", "--frobnicate")))
        .hasMessageContaining("unrecognized option '--frobnicate'");
    assertThatThrownBy(() -> CrashArgs.parse(List.of("-p")))
        .hasMessageContaining("option requires an argument -- 'p'");
  }
}

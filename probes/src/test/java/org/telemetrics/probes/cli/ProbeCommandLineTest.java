package org.telemetrics.probes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telemetrics.Version;
import org.telemetrics.probes.cli.GetOpt.Arg;
import org.telemetrics.probes.cli.GetOpt.Spec;

class ProbeCommandLineTest {
  final ProbeCommandLine commandLine =
      new ProbeCommandLine(
          "someprobe",
          List.of(
              new Spec('n', "number", Arg.REQUIRED),
              new Spec('h', "help", Arg.NONE),
              new Spec('V', "version", Arg.NONE)),
          "Usage: someprobe [OPTIONS]\n");
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
  final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

  @Test
  void givesTheOptionsInCommandLineOrder() {
    assertThat(commandLine.parse(List.of("-n", "3", "--help"), errStream))
        .hasValueSatisfying(
            o -> assertThat(o).extracting(GetOpt.Option::letter).containsExactly('n', 'h'));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anOperandIsAUsageError() {
    assertThat(commandLine.parse(List.of("-n", "3", "extra"), errStream)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "someprobe: unexpected argument 'extra'\n"
                + "Try 'someprobe --help' for more information.\n");
  }

  @Test
  void answersHelpAndVersionOnStandardOutput() {
    assertThat(commandLine.answer(new GetOpt.Option('h', java.util.Optional.empty()), outStream))
        .isZero();
    assertThat(commandLine.answer(new GetOpt.Option('V', java.util.Optional.empty()), outStream))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("Usage: someprobe [OPTIONS]\n" + Version.line("someprobe") + "\n");
  }

  @Test
  void aBadValueIsAUsageErrorNamingTheProgram() {
    assertThat(commandLine.usageError("--number must be a number, not 'x'", errStream))
        .isEqualTo(ProbeRuntime.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("someprobe: --number must be a number, not 'x'\nTry 'someprobe --help'");
  }
}

package org.telemetrics.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DaemonCommandLineTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private DaemonCommandLine.Outcome parse(String... args) {
    return DaemonCommandLine.parse(
        "telemprobd",
        "Usage: telemprobd [OPTIONS]\n",
        args,
        Set.of("--recover"),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theConfigFileInEachSpellingTheLastOneWinning() {
    assertThat(parse().configFile()).isEmpty();
    assertThat(parse("-f", "/a").configFile()).contains(Path.of("/a"));
    assertThat(parse("--config_file", "/b").configFile()).contains(Path.of("/b"));
    assertThat(parse("--config_file=/c", "-f", "/d").configFile()).contains(Path.of("/d"));
    assertThat(parse("-f", "/a").exitStatus()).isEmpty();
    assertThat(out.size() + err.size()).isZero();
  }

  @Test
  void helpIsPrintedAsGivenAndEndsTheWalk() {
    assertThat(parse("-f", "/a", "--help", "--bogus"))
        .isEqualTo(new DaemonCommandLine.Outcome(Optional.empty(), Set.of(), OptionalInt.of(0)));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Usage: telemprobd [OPTIONS]\n");
  }

  @Test
  void theVersionNamesTheProgram() {
    assertThat(parse("-V").exitStatus()).hasValue(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("telemprobd ");
  }

  @Test
  void usageErrorsSayWhatIsWrongAndWhereToLook() {
    assertThat(parse("-h", "x").exitStatus()).hasValue(0);
    out.reset();
    assertThat(parse("--bogus", "-h").exitStatus()).hasValue(2);
    assertThat(parse("-f").exitStatus()).hasValue(2);
    assertThat(parse("extra").exitStatus()).hasValue(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "telemprobd: unrecognized option '--bogus'\n"
                + "Try 'telemprobd --help' for more information.\n"
                + "telemprobd: option '-f' requires an argument\n"
                + "Try 'telemprobd --help' for more information.\n"
                + "telemprobd: unexpected argument 'extra'\n"
                + "Try 'telemprobd --help' for more information.\n");
    assertThat(out.size()).isZero();
  }

  @Test
  void aFlagTheProgramKnowsIsReturnedOthersAreUsageErrors() {
    DaemonCommandLine.Outcome line = parse("--recover", "-f", "/a");
    assertThat(line.flags()).containsExactly("--recover");
    assertThat(line.configFile()).contains(Path.of("/a"));
    assertThat(line.exitStatus()).isEmpty();
    assertThat(parse("-f", "/a").flags()).isEmpty();
    assertThat(parse("--recovery").exitStatus()).hasValue(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("telemprobd: unrecognized option '--recovery'\n");
  }
}

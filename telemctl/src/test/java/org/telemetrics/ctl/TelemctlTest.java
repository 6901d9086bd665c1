package org.telemetrics.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TelemctlTest {
  static final List<String> COMMANDS = List.of("stop", "start", "restart", "is-active", "opt-in",
      "opt-out", "journal", "config", "status", "preview", "requeue");

  @TempDir Path dir;

  @Test
  void helpListsEveryCommand() {
    Ctl.Run run = new Ctl(dir).run("--help");
    assertThat(run.exitCode()).isZero();
    for (String command : COMMANDS) {
      assertThat(run.out()).containsPattern("(?m)^  " + command + " ");
    }
    assertThat(run.out()).contains("Exit codes:").contains("TELEMETRICS_ROOT");
    assertThat(CommandLine.Model.CommandSpec.forAnnotatedObject(new Telemctl(null))
        .subcommands().keySet()).containsExactlyElementsOf(COMMANDS);
  }

  @Test
  void everyCommandHasHelp() {
    Ctl ctl = new Ctl(dir);
    for (String command : COMMANDS) {
      Ctl.Run run = ctl.run(command, "--help");
      assertThat(run.exitCode()).as(command).isZero();
      assertThat(run.out()).as(command).startsWith("Usage: telemctl " + command);
    }
    assertThat(ctl.run("config", "check", "--help").out()).startsWith("Usage: telemctl config check");
    assertThat(ctl.systemctl.commands).isEmpty();
  }

  @Test
  void noCommandPrintsUsageAndExits2() {
    Ctl.Run run = new Ctl(dir).run();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).startsWith("Usage: telemctl");
  }

  @Test
  void unknownCommandIsAUsageError() {
    Ctl.Run run = new Ctl(dir).run("frobnicate");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Unknown command passed to telemctl\n\nUsage: telemctl");
  }

  @Test
  void extraArgumentsAreAUsageError() {
    Ctl ctl = new Ctl(dir);
    Ctl.Run run = ctl.run("stop", "now");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument").contains("Usage: telemctl stop");
    assertThat(ctl.systemctl.commands).isEmpty();
  }

  @Test
  void badConfigurationIsAFailureWithFileAndLine() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("spool_max_size", "lots");
    Ctl.Run run = ctl.run("status");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(ctl.root.configFile() + ":3: spool_max_size:");
  }
}

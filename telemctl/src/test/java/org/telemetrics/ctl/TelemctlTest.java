package org.telemetrics.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.JavaProcess;
import picocli.CommandLine;

class TelemctlTest {
  static final List<String> COMMANDS =
      List.of(
          "stop",
          "start",
          "restart",
          "is-active",
          "opt-in",
          "opt-out",
          "journal",
          "config",
          "status",
          "metrics",
          "preview",
          "requeue",
          "usage",
          "report",
          "units");

  @TempDir Path dir;

  @Test
  void helpListsEveryCommand() {
    Ctl.Run run = new Ctl(dir).run("--help");
    assertThat(run.exitCode()).isZero();
    for (String command : COMMANDS) {
      assertThat(run.out()).containsPattern("(?m)^  " + command + " ");
    }
    assertThat(run.out()).contains("Exit codes:").contains("TELEMETRICS_ROOT");
    assertThat(
            CommandLine.Model.CommandSpec.forAnnotatedObject(new Telemctl(null))
                .subcommands()
                .keySet())
        .containsExactlyElementsOf(COMMANDS);
  }

  @Test
  void everyCommandHasHelp() {
    Ctl ctl = new Ctl(dir);
    for (String command : COMMANDS) {
      Ctl.Run run = ctl.run(command, "--help");
      assertThat(run.exitCode()).as(command).isZero();
      assertThat(run.out()).as(command).startsWith("Usage: telemctl " + command);
    }
    assertThat(ctl.run("config", "check", "--help").out())
        .startsWith("Usage: telemctl config check");
    assertThat(ctl.systemctl.commands).isEmpty();
  }

  @Test
  void noCommandPrintsUsageOnStandardErrorAndExits2() {
    Ctl.Run run = new Ctl(dir).run();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("telemctl: no command given\n\nUsage: telemctl");
  }

  @Test
  void unknownCommandIsAUsageErrorNamingIt() {
    Ctl.Run run = new Ctl(dir).run("frobnicate");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("telemctl: unknown command 'frobnicate'\n\nUsage: telemctl");
  }

  @Test
  void unknownOptionsAndMissingArgumentsAreUsageErrorsNamingTheOption() {
    Ctl ctl = new Ctl(dir);
    Ctl.Run unknown = ctl.run("--frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err())
        .startsWith("telemctl: Unknown option: '--frobnicate'")
        .contains("Usage: telemctl");
    Ctl.Run missing = ctl.run("journal", "--record_id");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .startsWith("telemctl: Missing required parameter for option" + " '--record_id'")
        .contains("Usage: telemctl journal");
  }

  @Test
  void versionIsTheSuitesVersionLineAndVIsOnlyVersion() {
    Ctl ctl = new Ctl(dir);
    String line = "telemctl " + org.telemetrics.Version.number() + "\n";
    assertThat(ctl.run("--version").out()).isEqualTo(line);
    assertThat(ctl.run("-V").out()).isEqualTo(line);
    for (String command : COMMANDS) {
      Ctl.Run run = ctl.run(command, "-V");
      if (command.equals("journal")) { // the C client's --verbose, kept as an alias
        assertThat(run.out()).as(command).doesNotContain(line);
      } else {
        assertThat(run.exitCode()).as(command).isZero();
        assertThat(run.out()).as(command).isEqualTo(line);
      }
    }
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
  @Timeout(60)
  void theMainClassRunsAsAProcessWithExitCodes() throws Exception {
    Ctl ctl = new Ctl(dir.resolve("root"));
    Path journal = ctl.layout().journalFile();
    Files.createDirectories(journal.getParent());
    Files.writeString(
        journal,
        "e1c7c2b88dce3f9b49ffb1d555447e7e\0361795348131\036a/b/c"
            + "\036bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\036boot\n");
    Map<String, String> env = new HashMap<>(ctl.root.env());
    env.put("TZ", "UTC");
    JavaProcess.Result ok =
        JavaProcess.run(
            Telemctl.class.getName(),
            List.of("journal", "-r", "e1c7c2b88dce3f9b49ffb1d555447e7e"),
            env,
            dir.resolve("journal.out"),
            Duration.ofSeconds(30));
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.output())
        .isEqualTo(
            "a/b/c                          Sun 2026-11-22 11:48:51 UTC "
                + "e1c7c2b88dce3f9b49ffb1d555447e7e bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb boot\n");
    JavaProcess.Result usage =
        JavaProcess.run(
            Telemctl.class.getName(),
            List.of(),
            env,
            dir.resolve("usage.out"),
            Duration.ofSeconds(30));
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.output()).startsWith("telemctl: no command given");
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

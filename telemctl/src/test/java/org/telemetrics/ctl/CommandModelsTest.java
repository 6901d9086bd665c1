package org.telemetrics.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.JavaProcess;
import picocli.CommandLine;

/**
 * A run of one command builds the top command with only that one, or no model when the command
 * needs none: every command stays reachable, help still lists them all, and every way of running
 * parses and prints every kind of argument alike.
 */
class CommandModelsTest {
  @TempDir Path dir;

  private static Map<String, CommandLine> everyCommand() {
    return new CommandLine(new Telemctl(null)).getSubcommands();
  }

  @Test
  void everyCommandIsReachableByItsNameAloneWithTheSameClass() {
    Map<String, CommandLine> all = everyCommand();
    assertThat(all).hasSize(TelemctlTest.COMMANDS.size());
    for (Map.Entry<String, CommandLine> command : all.entrySet()) {
      String name = command.getKey();
      Class<?> type = command.getValue().getCommandSpec().userObject().getClass();
      assertThat(Subcommands.named(name)).as(name).isEqualTo(type);
      CommandLine one = TelemctlCommandLine.forRun(new Ctl(dir).context(), new String[] {name});
      assertThat(one.getSubcommands().keySet()).as(name).containsExactly(name);
      assertThat(one.getSubcommands().get(name).getCommandSpec().userObject()).isInstanceOf(type);
    }
    assertThat(Subcommands.named("frobnicate")).isNull();
  }

  @Test
  void helpNoCommandAndUnknownCommandsListEveryCommand() {
    Ctl ctl = new Ctl(dir);
    List<Ctl.Run> runs =
        List.of(
            ctl.run("--help"),
            ctl.run("-f", "x.conf", "--help"),
            ctl.run(),
            ctl.run("frobnicate"),
            ctl.run("-f", "x.conf", "frobnicate"));
    for (Ctl.Run run : runs) {
      String usage = run.out() + run.err();
      for (String command : TelemctlTest.COMMANDS) {
        assertThat(usage).containsPattern("(?m)^  " + command + " ");
      }
    }
  }

  /**
   * Each argument list runs three ways, each in a root of its own (opt-in and opt-out change
   * theirs): as the program runs it (without a model for a plain command alone), with the model of
   * its one command, and with the model of every command. All print, exit and ask systemctl alike.
   */
  @Test
  void everyWayOfRunningParsesAndPrintsAlike() throws Exception {
    Path conf = Files.writeString(dir.resolve("other.conf"), "[settings]\n");
    List<List<String>> cases = new ArrayList<>();
    for (String command : TelemctlTest.COMMANDS) {
      cases.add(List.of(command, "--help"));
      cases.add(List.of(command, "-h"));
      cases.add(List.of(command, "-V"));
      cases.add(List.of(command, "--version"));
      cases.add(List.of(command, "--frobnicate"));
      cases.add(List.of(command, "start")); // a sibling's name is no command here
      cases.add(List.of("-f", conf.toString(), command, "--help"));
      cases.add(List.of("--config-file=" + conf, command, "-V"));
      cases.add(List.of(command));
      cases.add(List.of("-f", conf.toString(), command));
      cases.add(List.of("-f" + conf, command));
      cases.add(List.of("-f", dir.resolve("no-such.conf").toString(), command));
      cases.add(List.of(command, "--"));
      cases.add(List.of(command, ""));
    }
    cases.add(List.of("config", "check", conf.toString()));
    cases.add(List.of("config", "check"));
    cases.add(List.of("status", "--json"));
    cases.add(List.of("usage", "--json"));
    cases.add(List.of("journal", "--record_id"));
    cases.add(List.of("-f", "status")); // -f's value names a command: a usage error
    cases.add(List.of("-f=status", "is-active"));
    cases.add(List.of("-f=" + conf, "is-active"));
    cases.add(List.of("--config-file", conf.toString(), "status"));
    cases.add(List.of("-f", conf.toString(), "-f", conf.toString(), "is-active"));
    cases.add(List.of("-f"));
    cases.add(List.of("-f", ""));
    cases.add(List.of("-f", "", "stop"));
    cases.add(List.of("-fh", "is-active"));
    cases.add(List.of("--frobnicate", "is-active"));
    cases.add(List.of("@" + dir.resolve("no-such-argument-file"), "is-active"));
    cases.add(List.of("-V", "is-active"));
    cases.add(List.of("--", "is-active"));
    cases.add(List.of("is-active", "is-active"));
    cases.add(List.of("IS-ACTIVE"));
    int n = 0;
    for (List<String> args : cases) {
      for (long uid : new long[] {0, 1000}) {
        String[] argv = args.toArray(String[]::new);
        String as = "uid " + uid + ": " + String.join(" ", args);
        n++;
        Ran program = ranIn(dir.resolve(n + "/p"), uid, ctl -> ctl.run(argv));
        Ran one = ranIn(dir.resolve(n + "/o"), uid, ctl -> ctl.runWithModel(argv));
        Ran every = ranIn(dir.resolve(n + "/e"), uid, ctl -> ctl.runWithEveryCommand(argv));
        assertThat(program).as(as).isEqualTo(every);
        assertThat(one).as(as).isEqualTo(every);
      }
    }
  }

  /** A run's exit code and output, with its root's path replaced, and what it asked systemctl. */
  private record Ran(Ctl.Run run, List<String> systemctl) {}

  private static Ran ranIn(Path root, long uid, Function<Ctl, Ctl.Run> how) {
    Ctl ctl = new Ctl(root);
    ctl.uid = uid;
    Ctl.Run run = how.apply(ctl);
    String path = ctl.root.dir().toString();
    return new Ran(
        new Ctl.Run(
            run.exitCode(), run.out().replace(path, "ROOT"), run.err().replace(path, "ROOT")),
        List.copyOf(ctl.systemctl.commands));
  }

  /**
   * The commands run without a model are exactly those that, given no argument, take nothing from
   * it: no default value, required option, parameter or option group for picocli to apply. A new
   * option with a default on one of them moves it off the list.
   */
  @Test
  void plainCommandsAreThoseThatTakeNothingFromTheirModelWhenGivenNoArgument() {
    for (Map.Entry<String, CommandLine> command : everyCommand().entrySet()) {
      CommandLine.Model.CommandSpec spec = command.getValue().getCommandSpec();
      boolean needsModel =
          !spec.positionalParameters().isEmpty()
              || !spec.argGroups().isEmpty()
              || spec.options().stream()
                  .filter(o -> !o.usageHelp() && !o.versionHelp())
                  .anyMatch(o -> o.required() || o.defaultValue() != null);
      assertThat(Subcommands.plain(command.getKey())).as(command.getKey()).isEqualTo(!needsModel);
      if (!needsModel) {
        assertThat(Subcommands.newPlain(command.getKey()))
            .isInstanceOf(spec.userObject().getClass());
      }
    }
  }

  @Test
  void theArgumentsChooseTheModelBeforeAnyIsBuilt() {
    assertThat(Invocation.of(new String[] {"--version"}))
        .isInstanceOf(Invocation.VersionOnly.class);
    assertThat(Invocation.of(new String[] {"-V"})).isInstanceOf(Invocation.VersionOnly.class);
    assertThat(Invocation.of(new String[] {"is-active"}))
        .isEqualTo(new Invocation.Plain("is-active", null));
    assertThat(Invocation.of(new String[] {"-f", "a.conf", "opt-out"}))
        .isEqualTo(new Invocation.Plain("opt-out", "a.conf"));
    assertThat(Invocation.of(new String[] {"--config-file=a.conf", "status"}))
        .isEqualTo(new Invocation.Plain("status", "a.conf"));
    assertThat(Invocation.of(new String[] {"is-active", "-h"}))
        .isEqualTo(new Invocation.OneCommand("is-active", Subcommands.named("is-active")));
    assertThat(Invocation.of(new String[] {"journal"}))
        .isEqualTo(new Invocation.OneCommand("journal", Subcommands.named("journal")));
    assertThat(Invocation.of(new String[] {"-f", "a.conf", "status", "--json"}))
        .isEqualTo(new Invocation.OneCommand("status", Subcommands.named("status")));
    assertThat(Invocation.of(new String[] {"--config-file=a.conf", "config", "check", "x"}))
        .isEqualTo(new Invocation.OneCommand("config", Subcommands.named("config")));
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"-V", "status"},
            new String[] {"frobnicate"},
            new String[] {"-f"},
            new String[] {"-f", "status"},
            new String[] {"-f", "-h", "status"},
            new String[] {"-f", "a", "-f", "b", "status"},
            new String[] {"@args", "status"},
            new String[] {"--", "status"})) {
      assertThat(Invocation.of(args))
          .as(String.join(" ", args))
          .isEqualTo(new Invocation.AllCommands());
    }
  }

  @Test
  @Timeout(120)
  void versionAndAPlainCommandLoadNoPicocliAndACommandNoOtherCommand() throws Exception {
    Map<String, String> env = Map.of("TELEMETRICS_ROOT", dir.toString());
    JavaProcess.Result version =
        JavaProcess.run(
            List.of("-verbose:class"),
            Telemctl.class.getName(),
            List.of("--version"),
            env,
            dir.resolve("version.out"),
            Duration.ofSeconds(60));
    assertThat(version.exitCode()).isZero();
    assertThat(version.output())
        .contains("telemctl " + org.telemetrics.Version.number())
        .doesNotContain(" picocli.")
        .doesNotContain(" org.telemetrics.ctl.service.")
        .doesNotContain(" org.telemetrics.ctl.status.");

    JavaProcess.Result plain =
        JavaProcess.run(
            List.of("-verbose:class"),
            Telemctl.class.getName(),
            List.of("is-active"),
            env,
            dir.resolve("plain.out"),
            Duration.ofSeconds(60));
    assertThat(plain.output())
        .contains(" org.telemetrics.ctl.service.IsActiveCommand ")
        .doesNotContain(" picocli.")
        .doesNotContain(" org.telemetrics.ctl.service.StopCommand ")
        .doesNotContain(" org.telemetrics.ctl.status.");

    JavaProcess.Result isActive =
        JavaProcess.run(
            List.of("-verbose:class"),
            Telemctl.class.getName(),
            List.of("is-active", "--help"),
            env,
            dir.resolve("is-active.out"),
            Duration.ofSeconds(60));
    assertThat(isActive.exitCode()).isZero();
    assertThat(isActive.output())
        .contains("Usage: telemctl is-active")
        .contains(" org.telemetrics.ctl.service.IsActiveCommand ");
    for (String other :
        List.of("status.StatusCommand", "journal.JournalCommand", "usage.UsageCommand")) {
      assertThat(isActive.output()).doesNotContain(" org.telemetrics.ctl." + other + " ");
    }
  }
}

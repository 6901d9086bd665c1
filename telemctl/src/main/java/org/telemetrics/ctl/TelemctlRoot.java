package org.telemetrics.ctl;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CommandRoot;
import org.telemetrics.ctl.command.Context;
import org.telemetrics.ctl.command.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The top command without its subcommands: its options, usage text and what it does alone. {@link
 * Telemctl} adds every subcommand (help, completion, man pages); a run of one subcommand gets this
 * top command with only that one (see {@link Invocation}), so picocli reads the annotations of one
 * command instead of all of them.
 */
@Command(
    name = "telemctl",
    mixinStandardHelpOptions = true,
    versionProvider = TelemctlRoot.Version.class,
    sortOptions = false,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    commandListHeading = "%nCommands:%n",
    description = {
      "Control actions for telemetry services.",
      "",
      "Opts the machine in and out of telemetry, starts and stops the services, and shows "
          + "what the client did (journal, usage, report), holds (status) and would send "
          + "(preview).",
      "Commands that change the system need root, unless every configured path is under a "
          + "root directory other than / (TELEMETRICS_ROOT or root_dir)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:failure",
      "2:usage error",
      "3:no usage database yet, or usage_db is off (usage, report)"
    },
    footerHeading = "%nEnvironment:%n",
    footer = {"  TELEMETRICS_ROOT  directory every default path is taken under (default /)"})
abstract class TelemctlRoot implements Callable<Integer>, CommandRoot {
  private final Context context;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-f", "--config-file"},
      paramLabel = "FILE",
      description = "Use this configuration file instead of the usual search.")
  Path configFile;

  TelemctlRoot(Context context) {
    this.context = context;
  }

  /** No command: a usage error, so the usage goes to stderr, exit 2 (as C). */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("telemctl: no command given");
    err.println();
    spec.commandLine().usage(err);
    return ExitCodes.USAGE;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public TelemetryConfig config() throws ConfigException {
    return context.loadConfig(Optional.ofNullable(configFile));
  }

  /** The version line every program of the suite prints. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {org.telemetrics.Version.line("telemctl")};
    }
  }

  /** The top command with the one subcommand a run names added by hand. */
  static final class WithOneCommand extends TelemctlRoot {
    WithOneCommand(Context context) {
      super(context);
    }
  }
}

package org.telemetrics.ctl;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CommandRoot;
import org.telemetrics.ctl.command.Context;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.ctl.config.ConfigCommand;
import org.telemetrics.ctl.journal.JournalCommand;
import org.telemetrics.ctl.metrics.MetricsCommand;
import org.telemetrics.ctl.optin.OptInCommand;
import org.telemetrics.ctl.optin.OptOutCommand;
import org.telemetrics.ctl.preview.PreviewCommand;
import org.telemetrics.ctl.report.ReportCommand;
import org.telemetrics.ctl.requeue.RequeueCommand;
import org.telemetrics.ctl.service.IsActiveCommand;
import org.telemetrics.ctl.service.RestartCommand;
import org.telemetrics.ctl.service.StartCommand;
import org.telemetrics.ctl.service.StopCommand;
import org.telemetrics.ctl.status.StatusCommand;
import org.telemetrics.ctl.usage.UsageCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code telemctl}: control actions for the telemetry services. */
@Command(
    name = "telemctl",
    mixinStandardHelpOptions = true,
    versionProvider = Telemctl.Version.class,
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
    subcommands = {
      StopCommand.class, StartCommand.class, RestartCommand.class, IsActiveCommand.class,
      OptInCommand.class, OptOutCommand.class, JournalCommand.class, ConfigCommand.class,
      StatusCommand.class, MetricsCommand.class, PreviewCommand.class, RequeueCommand.class,
      UsageCommand.class, ReportCommand.class
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
public final class Telemctl implements Callable<Integer>, CommandRoot {
  private final Context context;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-f", "--config-file"},
      paramLabel = "FILE",
      description = "Use this configuration file instead of the usual search.")
  Path configFile;

  /** For tools that instantiate the command (completion and man page generation). */
  public Telemctl() {
    this(Context.system());
  }

  public Telemctl(Context context) {
    this.context = context;
  }

  public static void main(String[] args) {
    System.exit(commandLine(Context.system()).execute(args));
  }

  /** The command line with telemctl's error handling and exit codes. */
  public static CommandLine commandLine(Context context) {
    CommandLine cl = new CommandLine(new Telemctl(context));
    withVersion(cl);
    cl.setParameterExceptionHandler(Telemctl::usageError);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("telemctl: " + describe(e));
          return ExitCodes.FAILURE;
        });
    return cl;
  }

  /** Every command's {@code -V/--version} prints telemctl's line, not an empty one. */
  private static void withVersion(CommandLine line) {
    line.getCommandSpec().versionProvider(new Version());
    line.getSubcommands().values().forEach(Telemctl::withVersion);
  }

  /** One line for an unexpected failure; file errors name the file and the reason. */
  static String describe(Exception e) {
    if (e instanceof AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    if (e instanceof NoSuchFileException n) {
      return n.getFile() + ": no such file or directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    PrintWriter err = line.getErr();
    boolean unknownCommand =
        e instanceof CommandLine.UnmatchedArgumentException u
            && line.getCommandSpec().parent() == null
            && !u.getUnmatched().isEmpty()
            && !u.getUnmatched().get(0).startsWith("-");
    if (unknownCommand) {
      err.println(
          "telemctl: unknown command '"
              + ((CommandLine.UnmatchedArgumentException) e).getUnmatched().get(0)
              + "'");
    } else {
      err.println("telemctl: " + e.getMessage());
    }
    err.println();
    line.usage(err);
    return ExitCodes.USAGE;
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
}

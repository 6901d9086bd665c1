package org.telemetrics.ctl;

import java.io.PrintWriter;
import org.telemetrics.ctl.command.Context;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.files.FileErrors;
import picocli.CommandLine;

/**
 * telemctl's picocli command line, with its error handling and exit codes: the model of every
 * command, or, for a run of one, the top command with only that one. Both parse the run's arguments
 * and print alike (usage, errors, version); {@code CommandModelsTest} runs them side by side.
 */
public final class TelemctlCommandLine {
  private TelemctlCommandLine() {}

  /** Every command: for usage, completion and the man pages, and for any run. */
  public static CommandLine ofEveryCommand(Context context) {
    return withHandlers(new CommandLine(new Telemctl(context)));
  }

  /**
   * For running {@code args}: the top command with only the subcommand they name when that is all
   * they need, else {@link #ofEveryCommand every command}.
   */
  public static CommandLine forRun(Context context, String[] args) {
    return forRun(context, Invocation.of(args));
  }

  static CommandLine forRun(Context context, Invocation invocation) {
    if (invocation instanceof Invocation.Plain plain) { // the program runs it without a model
      invocation = plain.viaModel();
    }
    if (invocation instanceof Invocation.OneCommand one) {
      CommandLine line = new CommandLine(new TelemctlRoot.WithOneCommand(context));
      line.addSubcommand(one.name(), one.type());
      return withHandlers(line);
    }
    return ofEveryCommand(context);
  }

  private static CommandLine withHandlers(CommandLine cl) {
    withVersion(cl);
    cl.setParameterExceptionHandler(TelemctlCommandLine::usageError);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("telemctl: " + FileErrors.describe(e));
          return ExitCodes.FAILURE;
        });
    return cl;
  }

  /** Every command's {@code -V/--version} prints telemctl's line, not an empty one. */
  private static void withVersion(CommandLine line) {
    line.getCommandSpec().versionProvider(new TelemctlRoot.Version());
    line.getSubcommands().values().forEach(TelemctlCommandLine::withVersion);
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
}

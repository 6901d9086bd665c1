package org.telemetrics.ctl;

import org.telemetrics.ProgramExit;
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
import org.telemetrics.ctl.units.UnitsCommand;
import org.telemetrics.ctl.usage.UsageCommand;
import picocli.CommandLine.Command;

/**
 * {@code telemctl}: control actions for the telemetry services. This class is the model of every
 * command (usage, completion script, man pages); a run of one command builds only that one (see
 * {@link TelemctlCommandLine}), since reading all their annotations took most of a start, and a
 * command given no argument of its own that needs none builds no model at all ({@link PlainRun}).
 * No picocli type appears in its methods: the JVM resolves them all to find {@code main}, and
 * picocli's classes, compiled for Java 5, cannot be kept in JDK 25's AOT cache.
 */
@Command(
    subcommands = {
      StopCommand.class, StartCommand.class, RestartCommand.class, IsActiveCommand.class,
      OptInCommand.class, OptOutCommand.class, JournalCommand.class, ConfigCommand.class,
      StatusCommand.class, MetricsCommand.class, PreviewCommand.class, RequeueCommand.class,
      UsageCommand.class, ReportCommand.class, UnitsCommand.class
    })
public final class Telemctl extends TelemctlRoot {
  /** For tools that instantiate the command (completion and man page generation). */
  public Telemctl() {
    this(Context.system());
  }

  public Telemctl(Context context) {
    super(context);
  }

  /** Ends through {@link ProgramExit}: success returns without {@code System.exit}'s cost. */
  public static void main(String[] args) {
    ProgramExit.exit(run(args));
  }

  private static int run(String[] args) {
    Invocation invocation = Invocation.of(args);
    if (invocation instanceof Invocation.VersionOnly) {
      // what picocli prints for it, without loading picocli (nor any command)
      System.out.println(org.telemetrics.Version.line("telemctl"));
      return ExitCodes.OK;
    }
    if (invocation instanceof Invocation.Plain plain) {
      return PlainRun.run(Context.system(), plain, PlainRun.stdout(), PlainRun.stderr());
    }
    return TelemctlCommandLine.forRun(Context.system(), invocation).execute(args);
  }
}

package org.telemetrics.ctl;

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

/**
 * The class of each subcommand by its name, so that a run of one loads and reads only that one. The
 * list the usage, the completion script and the man pages show is {@link Telemctl}'s annotation;
 * {@code SubcommandsTest} keeps the two the same.
 */
final class Subcommands {
  private Subcommands() {}

  /**
   * Whether {@code name} is a command that, given no argument of its own, needs nothing from its
   * picocli model: no option value, default or parameter list set, no subcommand chosen, so {@link
   * #newPlain} and {@link org.telemetrics.ctl.command.CtlCommand#callWith} run it alike. Commands
   * with a required option, a default value or a parameter list are not.
   */
  static boolean plain(String name) {
    return switch (name) {
      case "stop",
          "start",
          "restart",
          "is-active",
          "opt-in",
          "opt-out",
          "config",
          "status",
          "usage",
          "units" ->
          true;
      default -> false;
    };
  }

  /**
   * A new instance of the {@link #plain} command {@code name}, a {@code CtlCommand}. Typed Object
   * so that verifying this method loads no command class (a CtlCommand result would have the
   * verifier load each to check it is one): a run loads only its own.
   */
  static Object newPlain(String name) {
    return switch (name) {
      case "stop" -> new StopCommand();
      case "start" -> new StartCommand();
      case "restart" -> new RestartCommand();
      case "is-active" -> new IsActiveCommand();
      case "opt-in" -> new OptInCommand();
      case "opt-out" -> new OptOutCommand();
      case "config" -> new ConfigCommand();
      case "status" -> new StatusCommand();
      case "usage" -> new UsageCommand();
      case "units" -> new UnitsCommand();
      default -> throw new IllegalArgumentException(name + " is not a plain command");
    };
  }

  /** The command class named {@code name}, or null if there is none (a switch loads no other). */
  static Class<?> named(String name) {
    return switch (name) {
      case "stop" -> StopCommand.class;
      case "start" -> StartCommand.class;
      case "restart" -> RestartCommand.class;
      case "is-active" -> IsActiveCommand.class;
      case "opt-in" -> OptInCommand.class;
      case "opt-out" -> OptOutCommand.class;
      case "journal" -> JournalCommand.class;
      case "config" -> ConfigCommand.class;
      case "status" -> StatusCommand.class;
      case "metrics" -> MetricsCommand.class;
      case "preview" -> PreviewCommand.class;
      case "requeue" -> RequeueCommand.class;
      case "usage" -> UsageCommand.class;
      case "report" -> ReportCommand.class;
      case "units" -> UnitsCommand.class;
      default -> null;
    };
  }
}

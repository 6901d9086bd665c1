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
import org.telemetrics.ctl.usage.UsageCommand;

/**
 * The class of each subcommand by its name, so that a run of one loads and reads only that one. The
 * list the usage, the completion script and the man pages show is {@link Telemctl}'s annotation;
 * {@code SubcommandsTest} keeps the two the same.
 */
final class Subcommands {
  private Subcommands() {}

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
      default -> null;
    };
  }
}

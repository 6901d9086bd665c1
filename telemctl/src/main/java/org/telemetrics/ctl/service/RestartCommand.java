package org.telemetrics.ctl.service;

import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.ctl.command.Privileges;
import picocli.CommandLine.Command;

@Command(
    name = "restart",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Restarts all telemetry services.",
      "",
      "Stop, then start if every unit stopped."
    })
public final class RestartCommand extends CtlCommand {
  @Override
  protected int run() throws Exception {
    Privileges.requireRoot(ctx());
    ServiceControl control = new ServiceControl(ctx().systemctl(), err());
    control.requireSystemd("restarted");
    if (!control.stopAll()) {
      return ExitCodes.FAILURE;
    }
    return new StartCommand().start(config(), control);
  }
}

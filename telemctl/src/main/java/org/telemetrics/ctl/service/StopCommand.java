package org.telemetrics.ctl.service;

import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.ctl.command.Privileges;
import picocli.CommandLine.Command;

@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Stops all running telemetry services.",
      "",
      "Runs systemctl stop for each unit, one at a time, and goes on after a failure: "
          + "the timer, socket and path units, then the services, then the system probes "
          + "(klogscanner, pstoreprobe, journalprobe, crashprobe-coredump), then the metrics "
          + "exporter (telemetrics-metrics.service)."
    })
public final class StopCommand extends CtlCommand {
  @Override
  protected int run() throws Exception {
    Privileges.requireRoot(ctx());
    ServiceControl control = new ServiceControl(ctx().systemctl(), err());
    control.requireSystemd("stopped");
    return control.stopAll() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}

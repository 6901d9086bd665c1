package org.telemetrics.ctl.service;

import org.telemetrics.ctl.CtlCommand;
import org.telemetrics.ctl.CtlException;
import org.telemetrics.ctl.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "is-active", mixinStandardHelpOptions = true, descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {"Checks if telemprobd and telempostd are active.", "",
        "Prints one line per unit, 'unit: state (sub-state)', for telemprobd.socket, "
        + "telemprobd.service, telempostd.path and telempostd.service. A service that is "
        + "inactive while its socket or path unit is active says when it will start.",
        "Needs no root."})
public final class IsActiveCommand extends CtlCommand {
  @Override
  protected int run() throws Exception {
    Systemctl systemctl = ctx().systemctl();
    if (!systemctl.systemdRunning()) {
      throw new CtlException(String.format(ServiceControl.NO_SYSTEMD, "queried"));
    }
    for (UnitReport row : UnitReport.of(systemctl)) {
      out().printf("%-19s %s%n", row.state().unit() + ":", row.text());
    }
    return ExitCodes.OK;
  }
}

package org.telemetrics.ctl.service;

import java.util.List;
import org.telemetrics.ctl.CtlCommand;
import org.telemetrics.ctl.CtlException;
import org.telemetrics.ctl.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "is-active", mixinStandardHelpOptions = true, descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {"Checks if telemprobd and telempostd are active.", "",
        "Prints one line per daemon, 'name : state', the state being what systemctl is-active says of its "
        + "socket (telemprobd) or path (telempostd) unit.",
        "Needs no root."})
public final class IsActiveCommand extends CtlCommand {
  @Override
  protected int run() throws Exception {
    Systemctl systemctl = ctx().systemctl();
    if (!systemctl.systemdRunning()) {
      throw new CtlException(String.format(ServiceControl.NO_SYSTEMD, "queried"));
    }
    for (String[] daemon : Units.ACTIVITY) {
      Systemctl.Result r = systemctl.run(List.of("is-active", daemon[1]));
      out().println(daemon[0] + " : " + r.lastLine());
    }
    return ExitCodes.OK;
  }
}

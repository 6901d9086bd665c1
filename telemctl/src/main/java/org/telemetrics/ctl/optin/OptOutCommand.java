package org.telemetrics.ctl.optin;

import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.Privileges;
import picocli.CommandLine.Command;

@Command(
    name = "opt-out",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Opts out of telemetry, stops the services and deletes their data.",
      "",
      "Removes the opt-in marker, stops the services, then "
          + "deletes what the client keeps: staged, spooled, dead-letter and quarantined records, "
          + "the journal, retained copies, the machine id, and from telempostd's status file all "
          + "but the counter totals (kept so that metrics never go down).",
      "Only names the client uses are deleted, only inside the configured directories, and "
          + "no symbolic link is ever followed. Under a private root (TELEMETRICS_ROOT or "
          + "root_dir) the system's units are left alone."
    })
public final class OptOutCommand extends CtlCommand {

  @Override
  protected int run() throws Exception {
    TelemetryConfig config = config();
    Privileges.requireRootOrPrivateRoot(ctx(), config);
    // under a private root the system's units do not serve this configuration
    boolean stopUnits = !Privileges.isPrivateRoot(config);
    return new OptOut(ctx(), out(), err()).run(config, stopUnits);
  }
}

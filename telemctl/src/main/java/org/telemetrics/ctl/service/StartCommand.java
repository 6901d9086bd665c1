package org.telemetrics.ctl.service;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.ctl.command.Privileges;
import org.telemetrics.ctl.directories.WorkingDirectories;
import picocli.CommandLine.Command;

@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Starts all telemetry services.",
      "",
      "Needs the opt-in marker. Creates the working directories, then runs systemctl start "
          + "for the timer, socket and path units, which start the services on demand, and "
          + "for the metrics exporter (telemetrics-metrics.service) and the system probes "
          + "(klogscanner, pstoreprobe, journalprobe, crashprobe-coredump) that are enabled."
    })
public final class StartCommand extends CtlCommand {
  public static final String OPT_IN_FIRST = "Opt in to telemetry first.";

  @Override
  protected int run() throws Exception {
    Privileges.requireRoot(ctx());
    TelemetryConfig config = config();
    return start(config, new ServiceControl(ctx().systemctl(), err()));
  }

  int start(TelemetryConfig config, ServiceControl control) throws Exception {
    if (!Files.exists(config.layout().optInFile(), LinkOption.NOFOLLOW_LINKS)) {
      throw new CtlException(OPT_IN_FIRST);
    }
    control.requireSystemd("started");
    WorkingDirectories.create(config.layout());
    return control.start() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}

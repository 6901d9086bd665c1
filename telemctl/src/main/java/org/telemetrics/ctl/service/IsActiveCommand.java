package org.telemetrics.ctl.service;

import java.util.List;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.ctl.systemd.Systemctl;
import org.telemetrics.ctl.systemd.UnitReport;
import picocli.CommandLine.Command;

@Command(
    name = "is-active",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Checks if telemprobd, telempostd, the metrics exporter and the system probes "
          + "are active.",
      "",
      "Prints one line per unit, 'unit: state (sub-state)', for telemprobd.socket, "
          + "telemprobd.service, telempostd.path, telempostd.service, "
          + "telemprobd-recover.service (the boot-time recovery), "
          + "telemetrics-metrics.service, klogscanner.service, pstoreprobe.service, "
          + "journalprobe.service and crashprobe-coredump.service. A service that is inactive "
          + "while its socket or path unit is active says when it will start; an exporter or "
          + "probe that is off because it is not enabled says so; a failed recovery says "
          + "failed.",
      "Needs no root."
    })
public final class IsActiveCommand extends CtlCommand {
  @Override
  protected int run() throws Exception {
    Systemctl systemctl = ctx().systemctl();
    if (!systemctl.systemdRunning()) {
      throw new CtlException(String.format(ServiceControl.NO_SYSTEMD, "queried"));
    }
    List<UnitReport> rows = UnitReport.of(systemctl);
    int width = rows.stream().mapToInt(r -> r.state().unit().length() + 1).max().orElse(0);
    for (UnitReport row : rows) {
      out().printf("%-" + width + "s %s%n", row.state().unit() + ":", row.text());
    }
    return ExitCodes.OK;
  }
}

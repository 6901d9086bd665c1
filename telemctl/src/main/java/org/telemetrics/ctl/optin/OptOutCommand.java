package org.telemetrics.ctl.optin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.CtlCommand;
import org.telemetrics.ctl.CtlException;
import org.telemetrics.ctl.ExitCodes;
import org.telemetrics.ctl.Privileges;
import org.telemetrics.ctl.service.ServiceControl;
import org.telemetrics.record.Ids;
import org.telemetrics.spool.AtomicFiles;
import picocli.CommandLine.Command;

@Command(name = "opt-out", mixinStandardHelpOptions = true, descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {"Opts out of telemetry, stops the services and deletes their data.", "",
        "Removes the opt-in marker, stops the services, then "
        + "deletes what the client keeps: staged, spooled, dead-letter and quarantined records, "
        + "the journal, retained copies, the machine id and the daemons' status files.",
        "Only names the client uses are deleted, only inside the configured directories, and "
            + "no symbolic link is ever followed. Under a private root (TELEMETRICS_ROOT or "
            + "root_dir) the system's units are left alone."})
public final class OptOutCommand extends CtlCommand {
  public static final String ALREADY = "Already opted out. Nothing to do.";
  /** The names of the spool directory's subdirectories. */
  static final Set<String> SPOOL_SUBDIRS =
      Set.of("tmp", "staging", "queue", "dead-letter", "quarantine");
  /** Staged files of the C client: mkstemp's six characters, directly in the spool directory. */
  static final Pattern C_STAGED = Pattern.compile("[A-Za-z0-9]{6}");

  @Override
  protected int run() throws Exception {
    TelemetryConfig config = config();
    Privileges.requireRootOrPrivateRoot(ctx(), config);
    boolean systemUnits = !Privileges.isPrivateRoot(config);
    return optOut(config, systemUnits ? new ServiceControl(ctx().systemctl(), err()) : null);
  }

  /** Opts out; {@code control} is null when there are no units to stop. */
  int optOut(TelemetryConfig config, ServiceControl control) throws CtlException {
    Layout layout = config.layout();
    try {
      Files.delete(layout.optInFile());
      AtomicFiles.syncDirectory(layout.optInFile().getParent());
    } catch (NoSuchFileException e) {
      err().println(ALREADY);
      return ExitCodes.OK;
    } catch (IOException e) {
      throw new CtlException("Failed to remove " + layout.optInFile() + ".");
    }
    boolean ok = true;
    if (control != null) {
      if (ctx().systemctl().systemdRunning()) {
        ok = control.stop();
      } else {
        err().println("systemd is not running: no telemetry services to stop.");
      }
    }
    SafeDelete.Report report = deleteData(config);
    report.problems().forEach(err()::println);
    out().println("Opted out of telemetry; removed " + report.files() + " files of telemetry data.");
    return ok && report.problems().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  static SafeDelete.Report deleteData(TelemetryConfig config) {
    Layout layout = config.layout();
    SafeDelete delete = new SafeDelete();
    delete.deleteEntries(layout.spoolDir(),
        name -> SPOOL_SUBDIRS.contains(name) || C_STAGED.matcher(name).matches());
    delete.deleteEntries(layout.retentionDir(), Ids::isId);
    delete.deleteFile(layout.journalFile());
    // the C client pruned its journal through this temporary file
    delete.deleteFile(layout.journalFile().resolveSibling(".journal"));
    delete.deleteFile(layout.machineIdFile());
    delete.deleteFile(config.path(ConfigKeys.POSTD_STATUS_FILE));
    delete.deleteFile(layout.hostInfoFile());
    return delete.report();
  }
}

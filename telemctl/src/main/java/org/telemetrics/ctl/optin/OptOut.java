package org.telemetrics.ctl.optin;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.Context;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.ctl.directories.WorkingDirectories;
import org.telemetrics.ctl.service.ServiceControl;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.FileErrors;
import org.telemetrics.record.Ids;

/** Opting out: marker, units, then the client's data (see {@link OptOutCommand}). */
final class OptOut {
  static final String ALREADY = "Already opted out. Nothing to do.";

  /** The names of the spool directory's subdirectories. */
  static final Set<String> SPOOL_SUBDIRS =
      Set.of("tmp", "staging", "queue", "dead-letter", "quarantine");

  /** Staged files of the C client: mkstemp's six characters, directly in the spool directory. */
  static final Pattern C_STAGED = Pattern.compile("[A-Za-z0-9]{6}");

  private final Context ctx;
  private final PrintWriter out;
  private final PrintWriter err;

  OptOut(Context ctx, PrintWriter out, PrintWriter err) {
    this.ctx = ctx;
    this.out = out;
    this.err = err;
  }

  int run(TelemetryConfig config, boolean stopUnits) throws CtlException {
    Layout layout = config.layout();
    try {
      Files.delete(layout.optInFile());
      AtomicFiles.syncDirectory(layout.optInFile().getParent());
    } catch (NoSuchFileException e) {
      err.println(ALREADY);
      return ExitCodes.OK;
    } catch (IOException e) {
      throw new CtlException("Failed to remove " + layout.optInFile() + ".");
    }
    boolean ok = true;
    if (stopUnits) {
      if (ctx.systemctl().systemdRunning()) {
        ok = new ServiceControl(ctx.systemctl(), err).stop();
      } else {
        err.println("systemd is not running: no telemetry services to stop.");
      }
    }
    SafeDelete.Report report = deleteData(config);
    report.problems().forEach(err::println);
    out.println(
        "Opted out of telemetry; removed "
            + report.files()
            + (report.files() == 1 ? " file" : " files")
            + " of telemetry data.");
    return ok && report.problems().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  static SafeDelete.Report deleteData(TelemetryConfig config) {
    Layout layout = config.layout();
    // what the daemons (telemetry), root or the caller (a private root) made
    SafeDelete delete =
        new SafeDelete(
            new HashSet<>(
                List.of(WorkingDirectories.DAEMON_USER, "root", System.getProperty("user.name"))));
    delete.deleteEntries(
        layout.spoolDir(), SPOOL_SUBDIRS::contains, name -> C_STAGED.matcher(name).matches());
    delete.deleteFiles(layout.retentionDir(), Ids::isId);
    delete.deleteFile(layout.journalFile());
    // the C client pruned its journal through this temporary file
    delete.deleteFile(layout.journalFile().resolveSibling(".journal"));
    delete.deleteFile(layout.machineIdFile());
    // probd_status_file holds counts only and stays as it is
    keepCounterTotals(delete, config.path(ConfigKeys.POSTD_STATUS_FILE));
    delete.deleteFile(layout.hostInfoFile());
    // what telempostd moved aside as damaged (<name>.damaged-<time>, .reason) holds record ids too
    deleteMovedAside(delete, layout.journalFile());
    deleteMovedAside(delete, layout.retentionDir());
    deleteMovedAside(delete, config.path(ConfigKeys.POSTD_STATUS_FILE));
    delete.deleteEntries(layout.retentionDir(), OptOut::isCopyMovedAside, OptOut::isCopyMovedAside);
    return delete.report();
  }

  /** The daemons' counters stay monotonic across an opt-out (see {@link CounterTotalsKept}). */
  private static void keepCounterTotals(SafeDelete delete, Path statusFile) {
    try {
      if (CounterTotalsKept.in(statusFile) == CounterTotalsKept.Outcome.DAMAGED) {
        delete.deleteFile(statusFile);
      }
    } catch (IOException e) {
      delete
          .report()
          .problems()
          .add("Not rewriting \"" + statusFile + "\": " + FileErrors.describe(e));
    }
  }

  private static void deleteMovedAside(SafeDelete delete, Path file) {
    String name = file.getFileName().toString();
    delete.deleteEntries(
        file.getParent(),
        n -> DamagedFiles.isMovedAside(n, name),
        n -> DamagedFiles.isMovedAside(n, name));
  }

  private static boolean isCopyMovedAside(String name) {
    return name.length() > 32
        && Ids.isId(name.substring(0, 32))
        && DamagedFiles.isMovedAside(name, name.substring(0, 32));
  }
}

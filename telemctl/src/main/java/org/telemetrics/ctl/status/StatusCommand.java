package org.telemetrics.ctl.status;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.ctl.systemd.Systemctl;
import org.telemetrics.ctl.systemd.UnitReport;
import org.telemetrics.ctl.units.GeneratedDropIns;
import org.telemetrics.files.FileErrors;
import org.telemetrics.record.Ids;
import org.telemetrics.spool.disk.SpoolNames;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Shows opt-in state, daemon states, spool contents and the last delivery.",
      "",
      "Shows the opt-in state, the server records go to, the state of the daemons' units, "
          + "who takes core dumps (kernel.core_pattern), the crash intake crash_source chooses "
          + "and whether it is in effect, how many records (and bytes) are "
          + "staged, queued, dead-lettered and quarantined, the spool quota in use, the last "
          + "delivery and last error reported by telempostd, and the JDK and start-up cache "
          + "(AOT cache or AppCDS archive) each program uses, or why it has none.",
      "Needs no root: a member of the telemetry group sees everything but the exact count of "
          + "batched records; what cannot be read is shown as unknown with a note."
    })
public final class StatusCommand extends CtlCommand {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ENGLISH);

  @Option(names = "--json", description = "One JSON object instead of text.")
  boolean json;

  /** A directory count that may be refused to this user. */
  private interface Count {
    DirectoryUsage of(Path dir) throws IOException;
  }

  @Override
  protected int run() throws Exception {
    StatusReport report = collect(config());
    List<ProgramRuntime> runtimes = ProgramRuntimes.ofThisTree();
    if (json) {
      out().println(StatusJson.format(report, runtimes));
    } else {
      printText(report, runtimes);
    }
    return ExitCodes.OK;
  }

  private StatusReport collect(TelemetryConfig config) throws IOException {
    Layout l = config.layout();
    List<String> notes = new ArrayList<>();
    Systemctl systemctl = ctx().systemctl();
    Optional<List<UnitReport>> units = Optional.empty();
    Map<String, String> said = new LinkedHashMap<>();
    if (systemctl.systemdRunning()) {
      units = Optional.of(UnitReport.of(systemctl));
      for (UnitReport u : units.get()) {
        if (!u.state().unit().endsWith(".service")) {
          continue;
        }
        // what the daemon last told systemd (sd_notify STATUS=), e.g. its counters
        String text =
            systemctl
                .run(List.of("show", "--property=StatusText", "--value", u.state().unit()))
                .stdout()
                .strip();
        if (!text.isEmpty() && !text.contains("\n")) {
          said.put(u.state().unit(), text);
        }
      }
    }
    if (systemctl.systemdRunning()) { // an edit of telemetrics.conf without a daemon-reload
      GeneratedDropIns.staleNote(config, ctx().root()).ifPresent(notes::add);
    }
    StringBuilder why = new StringBuilder();
    Optional<CoreDumpHandler> core =
        CoreDumpHandler.read(ctx().root().resolve(CoreDumpHandler.FILE), why);
    if (core.isEmpty()) {
      notes.add(why.toString());
    }
    Path statusFile = config.path(ConfigKeys.POSTD_STATUS_FILE);
    Optional<DaemonStatus> status = readStatus(statusFile, notes);
    Optional<StatusReport.Delivery> delivery =
        status.flatMap(
            s ->
                s.getLong(DaemonStatus.LAST_DELIVERY_MS).isPresent()
                    ? Optional.of(
                        new StatusReport.Delivery(
                            s.getLong(DaemonStatus.LAST_DELIVERY_MS).getAsLong(),
                            s.get(DaemonStatus.LAST_DELIVERY_RECORD_ID),
                            false))
                    : Optional.empty());
    if (delivery.isEmpty()) {
      delivery =
          LastDelivery.fromJournal(l.journalFile(), notes)
              .map(
                  e ->
                      new StatusReport.Delivery(
                          e.timestamp() * 1000, Optional.of(e.recordId()), true));
    }
    Optional<StatusReport.Failure> failure =
        status.flatMap(
            s ->
                s.get(DaemonStatus.LAST_ERROR)
                    .map(
                        m ->
                            new StatusReport.Failure(
                                boxed(s.getLong(DaemonStatus.LAST_ERROR_MS)), m)));
    // record files are named by (their first) record id; telempostd keeps notes beside them
    // (SpoolNames: <id>.retry, .settled, .reason)
    DirectoryUsage queued =
        count(
            l.queueDir(),
            notes,
            dir -> {
              QueuedRecords.Count c = QueuedRecords.of(dir);
              notes.addAll(c.notes());
              return c.usage();
            });
    return new StatusReport(
        Files.exists(l.optInFile(), LinkOption.NOFOLLOW_LINKS),
        l.optInFile(),
        ServerTarget.of(config),
        units,
        core,
        CrashSource.of(config.get(ConfigKeys.CRASH_SOURCE), core, units),
        count(l.stagingDir(), notes, d -> DirectoryUsage.ofRecordFiles(d, notes)),
        count(l.spoolDir(), notes, d -> DirectoryUsage.of(d, n -> n.matches("[A-Za-z0-9]{6}"))),
        queued,
        count(l.deadLetterDir(), notes, d -> DirectoryUsage.of(d, Ids::isId)),
        count(l.quarantineDir(), notes, d -> DirectoryUsage.of(d, n -> !SpoolNames.isNote(n))),
        config.get(ConfigKeys.SPOOL_MAX_SIZE),
        delivery,
        failure,
        statusFile,
        status,
        said,
        List.copyOf(notes));
  }

  /** The count, or unknown with a note where this user may not read the directory. */
  private static DirectoryUsage count(Path dir, List<String> notes, Count count)
      throws IOException {
    try {
      return count.of(dir);
    } catch (AccessDeniedException e) {
      notes.add(
          "cannot read "
              + dir
              + ": permission denied (run as root or as a member of "
              + "the daemons' group)");
      return DirectoryUsage.UNKNOWN;
    }
  }

  private void printText(StatusReport r, List<ProgramRuntime> runtimes) {
    row("Opt-in", (r.optedIn() ? "opted in" : "opted out") + " (" + r.optInFile() + ")");
    row("Server", r.server().describe());
    if (r.units().isPresent()) {
      r.units().get().forEach(u -> row(u.state().unit(), u.text()));
      r.statusTexts().forEach((unit, text) -> row(unit + " says", text));
    } else {
      row("Units", "unknown: systemd is not running");
    }
    row("Core dumps", r.coreDumps().map(CoreDumpHandler::describe).orElse("unknown"));
    row("Crash source", r.crashSource().describe());
    row(
        "Staged",
        r.staged().describe()
            + (r.cStaged().records() > 0
                ? " (+ " + r.cStaged().describe() + " left by the C client)"
                : ""));
    row("Queued", r.queued().describe());
    row("Dead letters", r.deadLetters().describe());
    row("Quarantined", r.quarantined().describe());
    long used = r.usedBytes();
    long quotaKib = r.quotaKib();
    String usedText = (r.usageComplete() ? "" : "at least ") + DirectoryUsage.size(used);
    row(
        "Spool quota",
        quotaKib < 0
            ? usedText + " of unlimited"
            : usedText
                + " of "
                + quotaKib
                + " KiB ("
                + (quotaKib == 0 ? 100 : used * 100 / (quotaKib * 1024))
                + "%)");
    row(
        "Last delivery",
        r.lastDelivery()
            .map(
                d ->
                    time(d.timeMillis())
                        + d.recordId().map(id -> ", record " + id).orElse("")
                        + (d.fromJournal() ? " (from the journal)" : ""))
            .orElse("none recorded"));
    row(
        "Last error",
        r.lastError()
            .map(f -> f.timeMillis().map(t -> time(t) + ": ").orElse("") + f.message())
            .orElse("none recorded"));
    if (r.postd().isEmpty()) {
      row("telempostd", "no status file yet (" + r.statusFile() + ")");
    } else {
      row("telempostd", describe(r.postd().get()));
    }
    ProgramRuntimes.printText(runtimes, this::row);
    r.notes().forEach(n -> row("Note", n));
  }

  private String describe(DaemonStatus s) {
    StringBuilder counters = new StringBuilder();
    for (String key :
        List.of(
            DaemonStatus.DELIVERED,
            DaemonStatus.DEAD_LETTERED,
            DaemonStatus.DROPPED,
            DaemonStatus.FAILED_ATTEMPTS)) {
      s.getLong(key)
          .ifPresent(
              v ->
                  counters
                      .append(counters.length() > 0 ? ", " : "")
                      .append(key.replace('_', ' '))
                      .append(' ')
                      .append(v));
    }
    String state = s.get(DaemonStatus.STATE).orElse("unknown");
    String updated =
        s.getLong(DaemonStatus.UPDATED_MS).isPresent()
            ? ", updated " + time(s.getLong(DaemonStatus.UPDATED_MS).getAsLong())
            : "";
    return state + updated + (counters.length() > 0 ? "; " + counters : "");
  }

  private static Optional<Long> boxed(OptionalLong v) {
    return v.isPresent() ? Optional.of(v.getAsLong()) : Optional.empty();
  }

  private void row(String name, String value) {
    out().printf("%-19s %s%n", name + ":", value);
  }

  private String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis).atZone(ctx().zone()));
  }

  private static Optional<DaemonStatus> readStatus(Path file, List<String> notes) {
    try {
      return Optional.of(StatusFile.read(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) { // "file: permission denied" for a user outside the daemons' group
      notes.add("cannot read the status of telempostd: " + FileErrors.describe(e));
      return Optional.empty();
    }
  }
}

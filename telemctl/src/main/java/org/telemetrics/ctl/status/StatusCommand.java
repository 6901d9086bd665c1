package org.telemetrics.ctl.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.CtlCommand;
import org.telemetrics.ctl.ExitCodes;
import org.telemetrics.ctl.service.Systemctl;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.record.Ids;
import org.telemetrics.spool.disk.SpoolNames;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true, descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {"Shows opt-in state, daemon states, spool contents and the last delivery.",
        "",
        "Shows the opt-in state, the state of the daemons' units, how many records "
        + "(and bytes) are staged, queued, dead-lettered and quarantined, the spool quota in "
        + "use, and the last delivery and last error reported by telempostd.",
        "Needs no root when the directories are readable."})
public final class StatusCommand extends CtlCommand {
  static final List<String> UNITS = List.of(
      "telemprobd.socket", "telemprobd.service", "telempostd.path", "telempostd.service");
  static final List<String> SERVICES = List.of("telemprobd.service", "telempostd.service");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ENGLISH);

  @Option(names = "--json", description = "One JSON object instead of text.")
  boolean json;

  @Override
  protected int run() throws Exception {
    StatusReport report = collect(config());
    if (json) {
      out().println(StatusJson.format(report));
    } else {
      printText(report);
    }
    return ExitCodes.OK;
  }

  private StatusReport collect(TelemetryConfig config) throws IOException {
    Layout l = config.layout();
    Systemctl systemctl = ctx().systemctl();
    Optional<Map<String, String>> units = Optional.empty();
    Map<String, String> said = new LinkedHashMap<>();
    if (systemctl.systemdRunning()) {
      Map<String, String> states = new LinkedHashMap<>();
      for (String unit : UNITS) {
        states.put(unit, systemctl.run(List.of("is-active", unit)).lastLine());
      }
      for (String service : SERVICES) {
        // what the daemon last told systemd (sd_notify STATUS=), e.g. its counters
        String text = systemctl.run(List.of("show", "--property=StatusText", "--value", service))
            .stdout().strip();
        if (!text.isEmpty() && !text.contains("\n")) {
          said.put(service, text);
        }
      }
      units = Optional.of(states);
    }
    Path statusFile = config.path(ConfigKeys.POSTD_STATUS_FILE);
    Optional<DaemonStatus> status = readStatus(statusFile);
    Optional<StatusReport.Delivery> delivery = status
        .flatMap(s -> s.getLong(DaemonStatus.LAST_DELIVERY_MS).isPresent()
            ? Optional.of(new StatusReport.Delivery(
                s.getLong(DaemonStatus.LAST_DELIVERY_MS).getAsLong(),
                s.get(DaemonStatus.LAST_DELIVERY_RECORD_ID), false))
            : Optional.empty());
    if (delivery.isEmpty()) {
      delivery = lastDelivered(l.journalFile()).map(e -> new StatusReport.Delivery(
          e.timestamp() * 1000, Optional.of(e.recordId()), true));
    }
    Optional<StatusReport.Failure> failure = status.flatMap(s -> s.get(DaemonStatus.LAST_ERROR)
        .map(m -> new StatusReport.Failure(boxed(s.getLong(DaemonStatus.LAST_ERROR_MS)), m)));
    // record files are named by (their first) record id; telempostd keeps notes beside them
    // (SpoolNames: <id>.retry, .settled, .reason)
    return new StatusReport(
        Files.exists(l.optInFile(), LinkOption.NOFOLLOW_LINKS), l.optInFile(), units,
        DirectoryUsage.ofRecordFiles(l.stagingDir()),
        DirectoryUsage.of(l.spoolDir(), n -> n.matches("[A-Za-z0-9]{6}")),
        DirectoryUsage.ofRecordFiles(l.queueDir()),
        DirectoryUsage.of(l.deadLetterDir(), Ids::isId),
        DirectoryUsage.of(l.quarantineDir(), n -> !SpoolNames.isNote(n)),
        config.get(ConfigKeys.SPOOL_MAX_SIZE), delivery, failure, statusFile, status, said);
  }

  private void printText(StatusReport r) {
    row("Opt-in", (r.optedIn() ? "opted in" : "opted out") + " (" + r.optInFile() + ")");
    if (r.units().isPresent()) {
      r.units().get().forEach(this::row);
      r.statusTexts().forEach((unit, text) -> row(unit + " says", text));
    } else {
      row("Units", "unknown: systemd is not running");
    }
    row("Staged", r.staged().describe() + (r.cStaged().records() > 0
        ? " (+ " + r.cStaged().describe() + " left by the C client)" : ""));
    row("Queued", r.queued().describe());
    row("Dead letters", r.deadLetters().describe());
    row("Quarantined", r.quarantined().describe());
    long used = r.usedBytes();
    long quotaKib = r.quotaKib();
    row("Spool quota", quotaKib < 0 ? DirectoryUsage.size(used) + " of unlimited"
        : DirectoryUsage.size(used) + " of " + quotaKib + " KiB ("
            + (quotaKib == 0 ? 100 : used * 100 / (quotaKib * 1024)) + "%)");
    row("Last delivery", r.lastDelivery().map(d -> time(d.timeMillis())
        + d.recordId().map(id -> ", record " + id).orElse("")
        + (d.fromJournal() ? " (from the journal)" : "")).orElse("none recorded"));
    row("Last error", r.lastError().map(f -> f.timeMillis().map(t -> time(t) + ": ").orElse("")
        + f.message()).orElse("none recorded"));
    if (r.postd().isEmpty()) {
      row("telempostd", "no status file yet (" + r.statusFile() + ")");
      return;
    }
    DaemonStatus s = r.postd().get();
    StringBuilder counters = new StringBuilder();
    for (String key : List.of(DaemonStatus.DELIVERED, DaemonStatus.DEAD_LETTERED,
        DaemonStatus.DROPPED, DaemonStatus.FAILED_ATTEMPTS)) {
      s.getLong(key).ifPresent(v -> counters.append(counters.length() > 0 ? ", " : "")
          .append(key.replace('_', ' ')).append(' ').append(v));
    }
    String state = s.get(DaemonStatus.STATE).orElse("unknown");
    String updated = s.getLong(DaemonStatus.UPDATED_MS).isPresent()
        ? ", updated " + time(s.getLong(DaemonStatus.UPDATED_MS).getAsLong()) : "";
    row("telempostd", state + updated + (counters.length() > 0 ? "; " + counters : ""));
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

  private Optional<DaemonStatus> readStatus(Path file) {
    try {
      return Optional.of(StatusFile.read(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      err().println("telemctl: cannot read the status of telempostd: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The newest journal entry with outcome "delivered", reading the last 64 KiB at most. */
  private static Optional<JournalEntry> lastDelivered(Path journal) {
    if (!Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty(); // a FIFO would block the read; a link is not followed anyway
    }
    try {
      long size = Files.size(journal);
      byte[] tail;
      try (var ch = java.nio.channels.FileChannel.open(journal,
          java.nio.file.StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        long from = Math.max(0, size - 64 * 1024);
        ch.position(from);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - from));
        while (buf.hasRemaining() && ch.read(buf) > 0) {
          // fill
        }
        tail = java.util.Arrays.copyOf(buf.array(), buf.position());
      }
      String[] lines = new String(tail, java.nio.charset.StandardCharsets.UTF_8).split("\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        try {
          JournalEntry e = JournalFormat.parse(lines[i]);
          if (e.outcome().filter("delivered"::equals).isPresent()) {
            return Optional.of(e);
          }
        } catch (IllegalArgumentException skipped) {
          // a partial first line or a malformed one
        }
      }
    } catch (IOException e) {
      // no journal yet
    }
    return Optional.empty();
  }
}

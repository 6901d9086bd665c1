package org.telemetrics.ctl.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
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
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;
import picocli.CommandLine.Command;

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
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ENGLISH);

  @Override
  protected int run() throws Exception {
    TelemetryConfig config = config();
    Layout l = config.layout();
    boolean optedIn = Files.exists(l.optInFile(), LinkOption.NOFOLLOW_LINKS);
    row("Opt-in", (optedIn ? "opted in" : "opted out") + " (" + l.optInFile() + ")");

    Systemctl systemctl = ctx().systemctl();
    if (systemctl.systemdRunning()) {
      for (String unit : UNITS) {
        row(unit, systemctl.run(List.of("is-active", unit)).lastLine());
      }
    } else {
      row("Units", "unknown: systemd is not running");
    }

    // records are named by their id; telempostd keeps notes beside them (<id>.retry, .reason)
    DirectoryUsage staged = DirectoryUsage.of(l.stagingDir(), Ids::isId);
    DirectoryUsage cStaged = DirectoryUsage.of(l.spoolDir(), n -> n.matches("[A-Za-z0-9]{6}"));
    DirectoryUsage queued = DirectoryUsage.of(l.queueDir(), Ids::isId);
    row("Staged", staged.describe() + (cStaged.files() > 0
        ? " (+ " + cStaged.describe() + " left by the C client)" : ""));
    row("Queued", queued.describe());
    row("Dead letters", DirectoryUsage.of(l.deadLetterDir(), Ids::isId).describe());
    row("Quarantined", DirectoryUsage.of(l.quarantineDir(), n -> !n.endsWith(".reason"))
        .describe());
    long quotaKib = config.get(ConfigKeys.SPOOL_MAX_SIZE);
    long used = staged.plus(cStaged).plus(queued).bytes();
    row("Spool quota", quotaKib < 0 ? DirectoryUsage.size(used) + " of unlimited"
        : DirectoryUsage.size(used) + " of " + quotaKib + " KiB ("
            + (quotaKib == 0 ? 100 : used * 100 / (quotaKib * 1024)) + "%)");

    Path statusFile = config.path(ConfigKeys.POSTD_STATUS_FILE);
    Optional<DaemonStatus> status = readStatus(statusFile);
    Optional<JournalEntry> lastDelivered = lastDelivered(l.journalFile());
    OptionalLong deliveryMs = status.map(s -> s.getLong(DaemonStatus.LAST_DELIVERY_MS))
        .orElse(OptionalLong.empty());
    if (deliveryMs.isPresent()) {
      row("Last delivery", time(deliveryMs.getAsLong()) + status.get()
          .get(DaemonStatus.LAST_DELIVERY_RECORD_ID).map(id -> ", record " + id).orElse(""));
    } else if (lastDelivered.isPresent()) {
      row("Last delivery", time(lastDelivered.get().timestamp() * 1000) + ", record "
          + lastDelivered.get().recordId() + " (from the journal)");
    } else {
      row("Last delivery", "none recorded");
    }
    Optional<String> lastError = status.flatMap(s -> s.get(DaemonStatus.LAST_ERROR));
    OptionalLong errorMs = status.map(s -> s.getLong(DaemonStatus.LAST_ERROR_MS))
        .orElse(OptionalLong.empty());
    row("Last error", lastError.map(e -> (errorMs.isPresent()
        ? time(errorMs.getAsLong()) + ": " : "") + e).orElse("none recorded"));
    if (status.isEmpty()) {
      row("telempostd", "no status file yet (" + statusFile + ")");
    } else {
      DaemonStatus s = status.get();
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
    return ExitCodes.OK;
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

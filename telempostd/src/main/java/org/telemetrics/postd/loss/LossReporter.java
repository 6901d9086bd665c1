package org.telemetrics.postd.loss;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.host.HostSnapshot;
import org.telemetrics.log.Log;
import org.telemetrics.postd.spool.DiskWrites;
import org.telemetrics.postd.spool.LossListener;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.Ids;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.disk.DropReason;

/**
 * Tells the backend what was lost: counts every record let go by policy and, at most every {@link
 * #EVERY_NANOS}, stages one record of classification {@value #CLASSIFICATION} with the {@link
 * LossTally} (no payloads). From there it is a record like any other: queued durably, retried,
 * counted. If it is itself dropped its tally comes back here, so nothing is counted twice and a
 * report cannot breed reports. Until staged, the tally is kept in {@code spool_dir/.loss} so a
 * restart does not forget it.
 */
public final class LossReporter implements LossListener {
  public static final String CLASSIFICATION = "org.telemetrics/client/loss";
  public static final String LEDGER = ".loss";
  static final long EVERY_NANOS = 10_000_000_000L;

  private final Layout layout;
  private final DiskWrites disk;
  private final TimeSource time;
  private final Log log;
  private final boolean enabled;
  private final Path ledger;
  private LossTally tally = LossTally.NONE;
  private boolean dirty;
  private TelemetryRecord template;

  /** When a report was last staged, or tried. */
  private long lastStagedNanos;

  private boolean staged;

  public LossReporter(Layout layout, DiskWrites disk, TimeSource time, Log log, boolean enabled) {
    this.layout = layout;
    this.disk = disk;
    this.time = time;
    this.log = log;
    this.enabled = enabled;
    this.ledger = layout.spoolDir().resolve(LEDGER);
  }

  /** Takes up the tally an earlier run could not stage. */
  public synchronized void open() {
    if (!Files.exists(ledger, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      tally =
          tally.merge(
              LossTally.parse(RegularFiles.readBounded(ledger, LossTally.MAX_BYTES))
                  .orElseThrow(() -> new IOException("not a loss tally")));
    } catch (IOException e) {
      log.warning("ignoring " + FileErrors.about(ledger, e) + " (it is replaced)");
    }
  }

  @Override
  public synchronized void lost(DropReason reason, long createdEpochSeconds, SpoolEntry entry) {
    if (!enabled) {
      return;
    }
    if (entry != null && entry.record().classification().equals(CLASSIFICATION)) {
      LossTally.parse(entry.record().payloadBytes()).ifPresent(t -> tally = tally.merge(t));
    } else {
      tally = tally.plus(reason, 1, createdEpochSeconds);
    }
    if (entry != null) {
      template = entry.record();
    }
    dirty = true;
  }

  public synchronized LossTally pending() {
    return tally;
  }

  /**
   * Called by the loop: stages a report when there is something to report and the last one is long
   * enough ago; else keeps the tally in the ledger. Throws (naming the file) if neither could be
   * written; the tally stays in memory for the next turn.
   */
  public synchronized void queueReport() throws IOException {
    if (tally.isEmpty()) {
      return;
    }
    long now = time.nanos();
    if (!staged || now - lastStagedNanos >= EVERY_NANOS) {
      SpoolEntry report = SpoolEntry.of(Ids.random128(), time.millis(), record(tally));
      Path target = layout.stagingDir().resolve(report.recordId());
      staged = true; // tried: the next try, staged or not, comes an interval later
      lastStagedNanos = now;
      try {
        disk.write(layout.tmpDir(), target, SpoolFileFormat.encode(report));
      } catch (IOException e) {
        if (dirty) {
          saveLedger();
        }
        throw e;
      }
      log.info("queued a loss report: " + tally.total() + " records lost " + tally.counts());
      tally = LossTally.NONE;
      dirty = false;
      Files.deleteIfExists(ledger);
    } else if (dirty) {
      saveLedger();
    }
  }

  private void saveLedger() throws IOException {
    disk.write(layout.tmpDir(), ledger, tally.format().getBytes(StandardCharsets.UTF_8));
    dirty = false;
  }

  /** The report, with the host fields (and machine id) of the last record lost. */
  private TelemetryRecord record(LossTally t) {
    HostInfo host =
        template != null
            ? new HostInfo(
                template.arch(),
                template.hostType(),
                template.build(),
                template.kernelVersion(),
                template.systemName(),
                template.boardName(),
                template.cpuModel(),
                template.biosVersion())
            : HostSnapshot.loadOrRead(layout.hostInfoFile());
    TelemetryRecord r =
        RecordBuilder.create(CLASSIFICATION, host)
            .severity(2)
            .clock(time.wall())
            .payload(t.format())
            .build();
    return template == null ? r : r.withMachineId(template.machineId());
  }
}

package org.telemetrics.probd;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.Supplier;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.frame.FrameException;
import org.telemetrics.peer.Peer;
import org.telemetrics.record.InvalidRecordException;
import org.telemetrics.record.RecordRules;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;

/**
 * From a connection's bytes to a {@link RecordDecision}: reads the frame, checks the sender, the
 * opt-in marker and the record, stamps the machine id and the record id, reserves room under the
 * staging quota and hands the record to staging. Input is never thrown out of here: what a client
 * sent wrong is a refusal.
 */
final class RecordAdmission {
  private final TimeSource time;
  private final Supplier<String> recordIds;
  private final MachineIdSource machineIds;
  private final StagingArea staging;
  private final ProbdCounters counters;

  RecordAdmission(
      TimeSource time,
      Supplier<String> recordIds,
      MachineIdSource machineIds,
      StagingArea staging,
      ProbdCounters counters) {
    this.time = time;
    this.recordIds = recordIds;
    this.machineIds = machineIds;
    this.staging = staging;
    this.counters = counters;
  }

  /**
   * The decision on the connection's record; null when its frame is not whole by {@code
   * untilNanos}. Throws when the connection itself failed.
   */
  RecordDecision decide(ProbeConnection c, ProbdSettings settings, long untilNanos)
      throws IOException {
    Peer peer = c.peer();
    byte[] bytes;
    Frame frame;
    try {
      bytes = c.reader(time.monotonic()).readFrame(untilNanos);
      if (bytes == null) {
        return null;
      }
      counters.frameRead(bytes.length);
      frame = FrameCodec.decode(bytes);
    } catch (FrameException e) {
      return RecordDecision.reject(RejectReason.MALFORMED, "malformed frame: " + e.getMessage());
    } catch (FrameReader.NothingSentException e) {
      return RecordDecision.nothingSent();
    } catch (FrameReader.IncompleteFrameException e) {
      return RecordDecision.reject(RejectReason.MALFORMED, "incomplete frame: " + e.getMessage());
    }
    if (!settings.peerPolicy().allows(peer.uid(), peer.gid(), c.groups())) {
      return RecordDecision.refuse(
          RejectReason.NOT_ALLOWED,
          "uid "
              + peer.uid()
              + " gid "
              + peer.gid()
              + " may not submit records (probd_allowed_uids, probd_allowed_gids)");
    }
    if (!Files.exists(settings.layout().optInFile())) {
      // the probes check it, and systemd stops telemprobd at telemctl opt-out; not when the
      // marker is removed by hand, or without systemd: a record kept now could be sent later
      return RecordDecision.refuse(
          RejectReason.NOT_OPTED_IN,
          "not opted in ("
              + settings.layout().optInFile()
              + " is missing): the record is not kept");
    }
    TelemetryRecord record = frame.record();
    try {
      RecordRules.validate(record);
    } catch (InvalidRecordException e) {
      return RecordDecision.refuse(
          RejectReason.INVALID, "invalid record (" + e.rule() + "): " + e.getMessage());
    }
    return stage(frame, record, peer, settings);
  }

  private RecordDecision stage(
      Frame frame, TelemetryRecord record, Peer peer, ProbdSettings settings) {
    String recordId = recordIds.get();
    SpoolEntry entry =
        new SpoolEntry(
            recordId,
            time.wall().millis(),
            frame.configPath(),
            Optional.of(peer),
            record.withMachineId(machineIds.current()),
            SpoolFileFormat.Kind.NATIVE);
    byte[] encoded = StagingArea.encode(entry);
    if (!staging.reserve(encoded.length, settings.stagingQuotaBytes())) {
      return RecordDecision.refuse(
          RejectReason.STAGING_FULL,
          "staging is full (staging_max_size "
              + settings.stagingQuotaBytes() / 1024
              + " KiB); telempostd is behind, try later");
    }
    return RecordDecision.staged(
        new RecordDecision.Staged(
            staging.stageLater(entry, encoded),
            recordId,
            encoded.length,
            record.classification(),
            settings.labels().labelOf(record.classification()),
            frame.configPath()));
  }
}

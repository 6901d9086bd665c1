package org.telemetrics.spool;

import java.util.Objects;
import java.util.Optional;
import org.telemetrics.peer.Peer;
import org.telemetrics.record.Ids;
import org.telemetrics.record.TelemetryRecord;

/**
 * A record as telemprobd hands it to telempostd: the record, the id telemprobd acknowledged it
 * under (which telempostd sends with every attempt so a backend can de-duplicate), when it was
 * received, and from whom.
 */
public record SpoolEntry(
    String recordId,
    long receivedAtMillis,
    Optional<String> configPath,
    Optional<Peer> peer,
    TelemetryRecord record,
    SpoolFileFormat.Kind kind) {

  public SpoolEntry {
    if (!Ids.isId(recordId)) {
      throw new IllegalArgumentException("record id must be 32 lowercase hex: " + recordId);
    }
    Objects.requireNonNull(configPath);
    Objects.requireNonNull(peer);
    Objects.requireNonNull(record);
    Objects.requireNonNull(kind);
  }

  public static SpoolEntry of(String recordId, long receivedAtMillis, TelemetryRecord record) {
    return new SpoolEntry(
        recordId,
        receivedAtMillis,
        Optional.empty(),
        Optional.empty(),
        record,
        SpoolFileFormat.Kind.NATIVE);
  }
}

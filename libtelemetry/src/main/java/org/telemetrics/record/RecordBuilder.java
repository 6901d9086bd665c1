package org.telemetrics.record;

import java.time.Clock;
import java.util.Objects;

/**
 * Makes a valid record. Every setter checks its rule at once and throws {@link
 * InvalidRecordException} naming it; {@link #build()} cannot fail.
 */
public final class RecordBuilder {

  private final String classification;
  private final HostInfo host;
  private int severity = 1;
  private long payloadFormatVersion = 1;
  private String payload = "";
  private String eventId;
  private Long creationTimestamp;

  /** Null: the system clock, read without java.time, whose set-up costs a probe 1-4 ms. */
  private Clock clock;

  private RecordBuilder(String classification, HostInfo host) {
    this.classification = RecordRules.checkClassification(classification);
    this.host = Objects.requireNonNull(host, "host");
  }

  public static RecordBuilder create(String classification, HostInfo host) {
    return new RecordBuilder(classification, host);
  }

  /** Severity 1 (low) to 4 (critical); other values are clamped, as in C. */
  public RecordBuilder severity(long severity) {
    this.severity = RecordRules.clampSeverity(severity);
    return this;
  }

  /** The version of the payload's own format (1 unless defined), at most the backend's limit. */
  public RecordBuilder payloadFormatVersion(long version) {
    if (version < 0 || version > RecordRules.MAX_PAYLOAD_FORMAT_VERSION) {
      throw new InvalidRecordException(
          "payload-format-version.range",
          "payload format version must be 0.."
              + RecordRules.MAX_PAYLOAD_FORMAT_VERSION
              + " (the backend's limit); got "
              + version);
    }
    this.payloadFormatVersion = version;
    return this;
  }

  public RecordBuilder payload(String payload) {
    this.payload = RecordRules.checkPayload(payload);
    return this;
  }

  public RecordBuilder payload(byte[] payload) {
    this.payload = RecordRules.checkPayload(payload);
    return this;
  }

  /** A caller-chosen event id; by default a random one is generated. */
  public RecordBuilder eventId(String eventId) {
    this.eventId = RecordRules.checkEventId(eventId);
    return this;
  }

  public RecordBuilder creationTimestamp(long epochSeconds) {
    if (epochSeconds < 0) {
      throw new InvalidRecordException(
          "creation-timestamp.range", "creation timestamp must not be negative");
    }
    this.creationTimestamp = epochSeconds;
    return this;
  }

  public RecordBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
    return this;
  }

  public TelemetryRecord build() {
    long created;
    if (creationTimestamp != null) {
      created = creationTimestamp;
    } else if (clock != null) {
      created = clock.instant().getEpochSecond();
    } else {
      created = Math.floorDiv(System.currentTimeMillis(), 1000);
    }
    return new TelemetryRecord(
        "4",
        classification,
        Integer.toString(severity),
        TelemetryRecord.MACHINE_ID_PLACEHOLDER,
        Long.toString(created),
        host.arch(),
        host.hostType(),
        host.build(),
        host.kernelVersion(),
        Long.toString(payloadFormatVersion),
        host.systemName(),
        host.boardName(),
        host.cpuModel(),
        host.biosVersion(),
        eventId != null ? eventId : Ids.random128(),
        payload);
  }
}

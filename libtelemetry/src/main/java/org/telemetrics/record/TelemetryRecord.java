package org.telemetrics.record;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One telemetry record: the 15 version-4 headers and the payload, as text.
 *
 * <p>This value only guarantees the shape (every header a single line of bounded length); the
 * semantic rules (severity range, classification form, …) are in {@link RecordRules} so a daemon
 * can hold a record it is about to reject. Records made by {@link RecordBuilder} satisfy all rules.
 */
public record TelemetryRecord(
    String recordFormatVersion,
    String classification,
    String severity,
    String machineId,
    String creationTimestamp,
    String arch,
    String hostType,
    String build,
    String kernelVersion,
    String payloadFormatVersion,
    String systemName,
    String boardName,
    String cpuModel,
    String biosVersion,
    String eventId,
    String payload) {

  /** The placeholder probes put on the wire; telemprobd stamps the real machine id. */
  public static final String MACHINE_ID_PLACEHOLDER = "FFFFFFFF";

  public TelemetryRecord {
    List<String> values =
        List.of(
            recordFormatVersion,
            classification,
            severity,
            machineId,
            creationTimestamp,
            arch,
            hostType,
            build,
            kernelVersion,
            payloadFormatVersion,
            systemName,
            boardName,
            cpuModel,
            biosVersion,
            eventId);
    Header[] headers = Header.values();
    for (int i = 0; i < headers.length; i++) {
      RecordRules.checkHeaderValue(headers[i], values.get(i));
    }
    Objects.requireNonNull(payload, "payload");
  }

  /** Builds a record from the 15 header values in wire order. */
  public static TelemetryRecord of(List<String> headerValues, String payload) {
    if (headerValues.size() != Header.COUNT) {
      throw new InvalidRecordException(
          "header.count", "expected " + Header.COUNT + " headers, got " + headerValues.size());
    }
    List<String> v = headerValues;
    return new TelemetryRecord(
        v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7), v.get(8),
        v.get(9), v.get(10), v.get(11), v.get(12), v.get(13), v.get(14), payload);
  }

  /** The header values in wire order. */
  public List<String> headerValues() {
    return List.of(
        recordFormatVersion,
        classification,
        severity,
        machineId,
        creationTimestamp,
        arch,
        hostType,
        build,
        kernelVersion,
        payloadFormatVersion,
        systemName,
        boardName,
        cpuModel,
        biosVersion,
        eventId);
  }

  public String value(Header header) {
    return headerValues().get(header.ordinal());
  }

  /** A copy with the given machine id (what telemprobd does to every accepted record). */
  public TelemetryRecord withMachineId(String id) {
    return new TelemetryRecord(
        recordFormatVersion,
        classification,
        severity,
        id,
        creationTimestamp,
        arch,
        hostType,
        build,
        kernelVersion,
        payloadFormatVersion,
        systemName,
        boardName,
        cpuModel,
        biosVersion,
        eventId,
        payload);
  }

  /** The 15 {@code name: value\n} lines, as on the wire and in staged files. */
  public String headerText() {
    StringBuilder sb = new StringBuilder(512);
    List<String> values = headerValues();
    for (Header h : Header.values()) {
      sb.append(h.wireName()).append(": ").append(values.get(h.ordinal())).append('\n');
    }
    return sb.toString();
  }

  /** The text form {@code telem-record-gen -o} prints: header lines, payload, newline. */
  public String toText() {
    return headerText() + payload + "\n";
  }

  public byte[] payloadBytes() {
    return payload.getBytes(StandardCharsets.UTF_8);
  }

  public int severityLevel() {
    return Integer.parseInt(severity);
  }
}

package org.telemetrics.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.telemetrics.record.StrictUtf8;

/**
 * One accepted record as the collector stores it: a JSON object on one line with the collector's
 * row id, the reception time, the record's fields under their wire names ({@code classification},
 * {@code machine_id}, …), the client's {@code record_id} (header {@code X-Telemetry-Record-Id},
 * null when absent), {@code external} and the payload text.
 */
public record CollectedRecord(
    long id,
    long receivedMillis,
    Map<String, String> fields,
    String recordId,
    boolean external,
    String payload) {

  /** A record field: its name on the wire and in JSON, and its HTTP header. */
  record Field(String wireName, String httpName) {}

  /** The fields of a version 4 record, in record order. */
  static final List<Field> FIELDS =
      List.of(
          new Field("record_format_version", "Record-Format-Version"),
          new Field("classification", "Classification"),
          new Field("severity", "Severity"),
          new Field("machine_id", "Machine-Id"),
          new Field("creation_timestamp", "Creation-Timestamp"),
          new Field("arch", "Arch"),
          new Field("host_type", "Host-Type"),
          new Field("build", "Build"),
          new Field("kernel_version", "Kernel-Version"),
          new Field("payload_format_version", "Payload-Format-Version"),
          new Field("system_name", "System-Name"),
          new Field("board_name", "Board-Name"),
          new Field("cpu_model", "Cpu-Model"),
          new Field("bios_version", "Bios-Version"),
          new Field("event_id", "Event-Id"));

  public static final String RECORD_ID_HEADER = "X-Telemetry-Record-Id";
  private static final JsonFactory JSON = new JsonFactory();

  public CollectedRecord {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Builds the stored form of a request the rules accepted. */
  public static CollectedRecord from(
      long id, long receivedMillis, BackendHeaders headers, byte[] body) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Field f : FIELDS) {
      headers.get(f.httpName()).ifPresent(v -> fields.put(f.wireName(), v));
    }
    boolean external = headers.get("X-CLR-External").map("true"::equals).orElse(false);
    return new CollectedRecord(
        id,
        receivedMillis,
        fields,
        headers.get(RECORD_ID_HEADER).orElse(null),
        external,
        decodePayload(body));
  }

  /** UTF-8 when the bytes are valid UTF-8, otherwise Latin-1 (which takes any byte). */
  static String decodePayload(byte[] body) {
    try {
      return StrictUtf8.decode(body);
    } catch (CharacterCodingException e) {
      return new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  public String classification() {
    return fields.getOrDefault("classification", "");
  }

  /** One line of JSON, without the line feed. */
  public String toJson() {
    StringWriter out = new StringWriter(256 + payload.length());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("id", id);
      g.writeNumberField("received_ms", receivedMillis);
      for (Map.Entry<String, String> e : fields.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      if (recordId == null) {
        g.writeNullField("record_id");
      } else {
        g.writeStringField("record_id", recordId);
      }
      g.writeBooleanField("external", external);
      g.writeStringField("payload", payload);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}

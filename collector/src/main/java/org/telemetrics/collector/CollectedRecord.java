package org.telemetrics.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One accepted record as the collector stores it: a JSON object on one line with the collector's
 * row id, the reception time, the record's fields under their wire names
 * ({@code classification}, {@code machine_id}, …), the client's {@code record_id} (header
 * {@code X-Telemetry-Record-Id}, null when absent), {@code external} and the payload text.
 */
public record CollectedRecord(long id, long receivedMillis, Map<String, String> fields,
    String recordId, boolean external, String payload) {

  /** Wire name → HTTP header name, in record order. */
  static final List<String[]> FIELDS = List.of(
      new String[] {"record_format_version", "Record-Format-Version"},
      new String[] {"classification", "Classification"},
      new String[] {"severity", "Severity"},
      new String[] {"machine_id", "Machine-Id"},
      new String[] {"creation_timestamp", "Creation-Timestamp"},
      new String[] {"arch", "Arch"},
      new String[] {"host_type", "Host-Type"},
      new String[] {"build", "Build"},
      new String[] {"kernel_version", "Kernel-Version"},
      new String[] {"payload_format_version", "Payload-Format-Version"},
      new String[] {"system_name", "System-Name"},
      new String[] {"board_name", "Board-Name"},
      new String[] {"cpu_model", "Cpu-Model"},
      new String[] {"bios_version", "Bios-Version"},
      new String[] {"event_id", "Event-Id"});

  public static final String RECORD_ID_HEADER = "X-Telemetry-Record-Id";
  private static final JsonFactory JSON = new JsonFactory();

  public CollectedRecord {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Builds the stored form of a request the rules accepted. */
  public static CollectedRecord from(long id, long receivedMillis, BackendHeaders headers,
      byte[] body) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String[] f : FIELDS) {
      headers.get(f[1]).ifPresent(v -> fields.put(f[0], v));
    }
    boolean external = headers.get("X-CLR-External").map("true"::equals).orElse(false);
    return new CollectedRecord(id, receivedMillis, fields,
        headers.get(RECORD_ID_HEADER).orElse(null), external, decodePayload(body));
  }

  /** UTF-8 when the bytes are valid UTF-8, otherwise Latin-1 (which takes any byte). */
  static String decodePayload(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
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

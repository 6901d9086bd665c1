package org.telemetrics.postd.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a {@link LogsRequest} in the OTLP JSON mapping (OTLP specification, "JSON Protobuf
 * Encoding"): lowerCamelCase keys, enums as numbers, 64-bit integers as decimal strings.
 */
final class JsonLogsEncoder {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonLogsEncoder() {}

  static byte[] encode(LogsRequest request) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeArrayFieldStart("resourceLogs");
      for (LogsRequest.Resource r : request.resources()) {
        resourceLogs(g, r);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  private static void resourceLogs(JsonGenerator g, LogsRequest.Resource r) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("resource");
    attributes(g, r.attributes());
    g.writeEndObject();
    g.writeArrayFieldStart("scopeLogs");
    for (LogsRequest.Scope s : r.scopes()) {
      g.writeStartObject();
      g.writeObjectFieldStart("scope");
      g.writeStringField("name", s.name());
      g.writeEndObject();
      g.writeArrayFieldStart("logRecords");
      for (LogsRequest.LogRecord lr : s.records()) {
        logRecord(g, lr);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void logRecord(JsonGenerator g, LogsRequest.LogRecord r) throws IOException {
    g.writeStartObject();
    g.writeStringField("timeUnixNano", Long.toUnsignedString(r.timeUnixNano()));
    g.writeStringField("observedTimeUnixNano", Long.toUnsignedString(r.observedTimeUnixNano()));
    g.writeNumberField("severityNumber", r.severityNumber());
    g.writeStringField("severityText", r.severityText());
    g.writeObjectFieldStart("body");
    g.writeStringField("stringValue", r.body());
    g.writeEndObject();
    attributes(g, r.attributes());
    g.writeEndObject();
  }

  private static void attributes(JsonGenerator g, java.util.List<LogsRequest.Attribute> list)
      throws IOException {
    g.writeArrayFieldStart("attributes");
    for (LogsRequest.Attribute a : list) {
      g.writeStartObject();
      g.writeStringField("key", a.key());
      g.writeObjectFieldStart("value");
      if (a.numeric()) {
        g.writeStringField("intValue", Long.toString(a.number()));
      } else {
        g.writeStringField("stringValue", a.text());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}

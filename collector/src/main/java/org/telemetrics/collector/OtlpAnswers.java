package org.telemetrics.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bodies an OTLP collector answers with: an {@code ExportLogsServiceResponse} (with a partial
 * success when records were rejected) and a {@code google.rpc.Status}, in protobuf or JSON as the
 * request was.
 */
final class OtlpAnswers {
  private static final JsonFactory JSON = new JsonFactory();

  private OtlpAnswers() {}

  static byte[] exportResponse(long rejected, String message, boolean json) {
    if (json) {
      return json(
          g -> {
            if (rejected > 0) {
              g.writeObjectFieldStart("partialSuccess");
              g.writeStringField("rejectedLogRecords", Long.toString(rejected));
              g.writeStringField("errorMessage", message);
              g.writeEndObject();
            }
          });
    }
    if (rejected == 0) {
      return new byte[0];
    }
    ByteArrayOutputStream partial = new ByteArrayOutputStream();
    varintField(partial, 1, rejected);
    stringField(partial, 2, message);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bytesField(out, 1, partial.toByteArray());
    return out.toByteArray();
  }

  /** {@code google.rpc.Status}: code 1, message 2. */
  static byte[] status(int code, String message, boolean json) {
    if (json) {
      return json(
          g -> {
            g.writeNumberField("code", code);
            g.writeStringField("message", message);
          });
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varintField(out, 1, code);
    stringField(out, 2, message);
    return out.toByteArray();
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void varintField(ByteArrayOutputStream out, int field, long value) {
    varint(out, (long) field << 3);
    varint(out, value);
  }

  private static void stringField(ByteArrayOutputStream out, int field, String value) {
    bytesField(out, field, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytesField(ByteArrayOutputStream out, int field, byte[] value) {
    varint(out, (long) field << 3 | 2);
    varint(out, value.length);
    out.write(value, 0, value.length);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }
}

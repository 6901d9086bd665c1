package org.telemetrics.postd.otlp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protobuf wire format, as much of it as an OTLP logs request needs: varints, 64-bit fixed
 * fields, strings and nested messages (written to their own writer first, so their length is
 * known). Fields are written in the order called; a default value is left out, as protobuf encoders
 * do.
 */
final class ProtoWriter {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  ProtoWriter varint(int field, long value) {
    if (value != 0) {
      tag(field, VARINT);
      rawVarint(value);
    }
    return this;
  }

  ProtoWriter fixed64(int field, long value) {
    if (value != 0) {
      tag(field, FIXED64);
      for (int i = 0; i < 8; i++) {
        out.write((int) (value >>> (8 * i)) & 0xff);
      }
    }
    return this;
  }

  ProtoWriter string(int field, String value) {
    if (!value.isEmpty()) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  /** A nested message, written even when empty (its presence can matter, as for a body). */
  ProtoWriter message(int field, ProtoWriter message) {
    return bytes(field, message.toByteArray());
  }

  private ProtoWriter bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    rawVarint(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  private void tag(int field, int wireType) {
    rawVarint((long) field << 3 | wireType);
  }

  private void rawVarint(long value) {
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}

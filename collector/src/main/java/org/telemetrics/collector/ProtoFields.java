package org.telemetrics.collector;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one protobuf message, strictly: a truncated or malformed message throws
 * {@link IllegalArgumentException} with the reason, and nothing is read past its end.
 */
final class ProtoFields {
  private final byte[] buf;
  private int pos;
  private final int end;
  private int field;
  private int wireType;
  private long number;
  private int valueStart;
  private int valueEnd;

  ProtoFields(byte[] buf) {
    this(buf, 0, buf.length);
  }

  private ProtoFields(byte[] buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
  }

  /** Moves to the next field; false at the end of the message. */
  boolean next() {
    if (pos >= end) {
      return false;
    }
    long tag = varint();
    field = (int) (tag >>> 3);
    wireType = (int) (tag & 7);
    if (field == 0) {
      throw new IllegalArgumentException("field number 0");
    }
    switch (wireType) {
      case 0 -> number = varint();
      case 1 -> number = fixed(8);
      case 2 -> {
        long n = varint();
        if (n < 0 || n > end - pos) {
          throw new IllegalArgumentException("a field is longer than its message");
        }
        valueStart = pos;
        pos += (int) n;
        valueEnd = pos;
      }
      case 5 -> number = fixed(4);
      default -> throw new IllegalArgumentException("unknown wire type " + wireType);
    }
    return true;
  }

  int field() {
    return field;
  }

  /** The value of a varint or fixed field (fixed64 bits as they are). */
  long number() {
    if (wireType == 2) {
      throw new IllegalArgumentException("field " + field + " is not a number");
    }
    return number;
  }

  String string() {
    requireBytes();
    return new String(buf, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
  }

  ProtoFields message() {
    requireBytes();
    return new ProtoFields(buf, valueStart, valueEnd);
  }

  boolean isBytes() {
    return wireType == 2;
  }

  private void requireBytes() {
    if (wireType != 2) {
      throw new IllegalArgumentException("field " + field + " is not a string or message");
    }
  }

  private long fixed(int bytes) {
    if (bytes > end - pos) {
      throw new IllegalArgumentException("the message ends inside a field");
    }
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v |= (long) (buf[pos++] & 0xff) << (8 * i);
    }
    return v;
  }

  private long varint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new IllegalArgumentException("the message ends inside a number");
      }
      int b = buf[pos++] & 0xff;
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("a number is longer than 10 bytes");
  }
}

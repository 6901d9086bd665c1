package org.telemetrics.postd.otlp;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one protobuf message from a collector's answer: small, bounded by the bytes
 * given, and strict (a truncated or malformed message throws {@link IllegalArgumentException},
 * never reads past the end).
 */
final class ProtoReader {
  private final byte[] buf;
  private int pos;
  private final int end;
  private int field;
  private int wireType;
  private long varint;
  private int valueStart;
  private int valueEnd;

  ProtoReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  private ProtoReader(byte[] buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
  }

  /** Moves to the next field; false at the end of the message. */
  boolean next() {
    if (pos >= end) {
      return false;
    }
    long tag = readVarint();
    field = (int) (tag >>> 3);
    wireType = (int) (tag & 7);
    switch (wireType) {
      case 0 -> varint = readVarint();
      case 1 -> skip(8);
      case 2 -> {
        long n = readVarint();
        if (n < 0 || n > end - pos) {
          throw new IllegalArgumentException("a field is longer than the message");
        }
        valueStart = pos;
        skip((int) n);
        valueEnd = pos;
      }
      case 5 -> skip(4);
      default -> throw new IllegalArgumentException("unknown wire type " + wireType);
    }
    return true;
  }

  int field() {
    return field;
  }

  boolean isVarint() {
    return wireType == 0;
  }

  boolean isLengthDelimited() {
    return wireType == 2;
  }

  long varint() {
    return varint;
  }

  String string() {
    return new String(buf, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
  }

  ProtoReader message() {
    return new ProtoReader(buf, valueStart, valueEnd);
  }

  private void skip(int n) {
    if (n > end - pos) {
      throw new IllegalArgumentException("the message ends inside a field");
    }
    pos += n;
  }

  private long readVarint() {
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

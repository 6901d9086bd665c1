package org.telemetrics.protobuf;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one protobuf message, strictly, from bytes that may be hostile: a truncated
 * or malformed message throws {@link IllegalArgumentException} saying why, and nothing is read past
 * the message's end. It copies nothing but the strings asked for, reads each byte once, and refuses
 * messages nested deeper than {@link #MAX_DEPTH}, so memory and time stay bounded by the input.
 *
 * <p>Only what OTLP's logs messages use: varint, fixed64, length-delimited and fixed32 fields
 * (groups are refused). Not thread-safe: one reader per message, on one thread.
 */
public final class ProtoReader {
  /** How deep {@link #message} may nest, as protobuf's own default recursion limit. */
  public static final int MAX_DEPTH = 100;

  /** The largest field number protobuf allows (2^29 - 1). */
  private static final long MAX_FIELD = (1L << 29) - 1;

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final byte[] buf;
  private final int end;
  private final int depth;
  private int pos;
  private int field;
  private int wireType;
  private long number;
  private int valueStart;
  private int valueEnd;

  /** A reader of the message that is the whole of {@code buf}. */
  public ProtoReader(byte[] buf) {
    this(buf, 0, buf.length, 0);
  }

  private ProtoReader(byte[] buf, int from, int to, int depth) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
    this.depth = depth;
  }

  /** Moves to the next field; false at the end of the message. */
  public boolean next() {
    if (pos >= end) {
      return false;
    }
    long tag = varint();
    long fieldNumber = tag >>> 3;
    if (fieldNumber == 0) {
      throw new IllegalArgumentException("field number 0");
    }
    if (fieldNumber > MAX_FIELD) {
      throw new IllegalArgumentException("field number " + fieldNumber + " is out of range");
    }
    field = (int) fieldNumber;
    wireType = (int) (tag & 7);
    switch (wireType) {
      case VARINT -> number = varint();
      case FIXED64 -> number = fixed(8);
      case LENGTH_DELIMITED -> {
        long n = varint();
        if (n < 0 || n > end - pos) {
          throw new IllegalArgumentException("a field is longer than its message");
        }
        valueStart = pos;
        pos += (int) n;
        valueEnd = pos;
      }
      case FIXED32 -> number = fixed(4);
      default -> throw new IllegalArgumentException("unknown wire type " + wireType);
    }
    return true;
  }

  /** The current field's number. */
  public int field() {
    return field;
  }

  /** Whether the current field is a varint (an int, a bool, an enum). */
  public boolean isVarint() {
    return wireType == VARINT;
  }

  /** Whether the current field is length-delimited (a string, bytes, a message). */
  public boolean isLengthDelimited() {
    return wireType == LENGTH_DELIMITED;
  }

  /**
   * The value of a varint or fixed field (fixed64 and fixed32 bits as they are); throws for a
   * length-delimited one.
   */
  public long number() {
    if (wireType == LENGTH_DELIMITED) {
      throw new IllegalArgumentException("field " + field + " is not a number");
    }
    return number;
  }

  /** The current field as UTF-8 text (malformed sequences replaced); throws unless it has bytes. */
  public String string() {
    requireLengthDelimited();
    return new String(buf, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
  }

  /** A reader of the current field as a message of its own; throws unless it has bytes. */
  public ProtoReader message() {
    requireLengthDelimited();
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException("messages nested deeper than " + MAX_DEPTH);
    }
    return new ProtoReader(buf, valueStart, valueEnd, depth + 1);
  }

  private void requireLengthDelimited() {
    if (wireType != LENGTH_DELIMITED) {
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

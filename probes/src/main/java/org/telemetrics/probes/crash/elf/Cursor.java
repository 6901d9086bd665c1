package org.telemetrics.probes.crash.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A little-endian read position inside a window of a buffer. Every read is bounds-checked and
 * throws {@link ElfFormatException} instead of reading past the window, so hostile lengths and
 * offsets in cores, ELF files and DWARF data end as a clear error.
 */
public final class Cursor {
  private final ByteBuffer buf;
  private final int start;
  private final int end;
  private int pos;

  public Cursor(ByteBuffer buf) {
    this(buf, 0, buf.limit());
  }

  public Cursor(ByteBuffer buf, long offset, long length) {
    // compared without adding: offset + length may overflow
    if (offset < 0 || length < 0 || offset > buf.limit() || length > buf.limit() - offset) {
      throw new ElfFormatException(
          "window " + offset + "+" + length + " is outside " + buf.limit() + " bytes");
    }
    this.buf = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.start = (int) offset;
    this.end = (int) (offset + length);
    this.pos = start;
  }

  public static Cursor of(byte[] bytes) {
    return new Cursor(ByteBuffer.wrap(bytes));
  }

  /** Position relative to the window's start. */
  public long position() {
    return pos - start;
  }

  public void seek(long relative) {
    if (relative < 0 || relative > end - start) {
      throw new ElfFormatException(
          "offset " + relative + " is outside " + (end - start) + " bytes");
    }
    pos = start + (int) relative;
  }

  public int remaining() {
    return end - pos;
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  public void skip(long n) {
    need(n);
    pos += (int) n;
  }

  /** A cursor over the next {@code n} bytes; this one moves past them. */
  public Cursor slice(long n) {
    need(n);
    Cursor c = new Cursor(buf, pos, n);
    pos += (int) n;
    return c;
  }

  public int u8() {
    need(1);
    return buf.get(pos++) & 0xff;
  }

  public int u16() {
    need(2);
    int v = buf.getShort(pos) & 0xffff;
    pos += 2;
    return v;
  }

  public long u32() {
    need(4);
    long v = buf.getInt(pos) & 0xffff_ffffL;
    pos += 4;
    return v;
  }

  public int s32() {
    need(4);
    int v = buf.getInt(pos);
    pos += 4;
    return v;
  }

  public long u64() {
    need(8);
    long v = buf.getLong(pos);
    pos += 8;
    return v;
  }

  public long uleb() {
    long result = 0;
    int shift = 0;
    while (true) {
      int b = u8();
      if (shift < 64) {
        result |= (long) (b & 0x7f) << shift;
      }
      shift += 7;
      if ((b & 0x80) == 0) {
        return result;
      }
      if (shift > 70) {
        throw new ElfFormatException("LEB128 number too long");
      }
    }
  }

  public long sleb() {
    long result = 0;
    int shift = 0;
    int b;
    do {
      b = u8();
      if (shift < 64) {
        result |= (long) (b & 0x7f) << shift;
      }
      shift += 7;
      if (shift > 70) {
        throw new ElfFormatException("LEB128 number too long");
      }
    } while ((b & 0x80) != 0);
    if (shift < 64 && (b & 0x40) != 0) {
      result |= -1L << shift;
    }
    return result;
  }

  /** A NUL-terminated string (the NUL is consumed). */
  public String cstring() {
    int i = pos;
    while (i < end && buf.get(i) != 0) {
      i++;
    }
    if (i >= end) {
      throw new ElfFormatException("unterminated string");
    }
    String s = string(pos, i - pos);
    pos = i + 1;
    return s;
  }

  /** The NUL-terminated string at a window offset, without moving. */
  public String cstringAt(long relative) {
    long saved = position();
    seek(relative);
    try {
      return cstring();
    } finally {
      seek(saved);
    }
  }

  public byte[] bytes(int n) {
    need(n);
    byte[] out = new byte[n];
    buf.get(pos, out);
    pos += n;
    return out;
  }

  private String string(int at, int len) {
    byte[] b = new byte[len];
    buf.get(at, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private void need(long n) {
    if (n < 0 || n > end - pos) {
      throw new ElfFormatException("truncated: need " + n + " bytes, " + (end - pos) + " left");
    }
  }
}

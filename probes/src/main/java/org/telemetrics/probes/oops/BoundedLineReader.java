package org.telemetrics.probes.oops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines of a byte stream, split on {@code \n}, each cut to at most {@code maxBytes} bytes (the rest
 * of a longer line is read and dropped, never held), decoded as UTF-8 with malformed bytes
 * replaced. Memory stays at two buffers whatever the input: a 10 MB line or binary garbage without
 * a newline costs one line's bytes. A last line without {@code \n} is still a line.
 */
public final class BoundedLineReader {
  private final InputStream in;
  private final int maxBytes;
  private final byte[] buf = new byte[64 << 10];
  private int pos;
  private int limit;
  private byte[] line;
  private int length;
  private boolean cut;

  public BoundedLineReader(InputStream in, int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.in = in;
    this.maxBytes = maxBytes;
    this.line = new byte[Math.min(maxBytes, 256)];
  }

  /** The next line without its {@code \n}, or null at the end of the input. */
  public String readLine() throws IOException {
    length = 0;
    cut = false;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          return any ? decode() : null;
        }
        pos = 0;
        limit = n;
      }
      any = true;
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      append(start, pos);
      if (pos < limit) {
        pos++; // the newline
        return decode();
      }
    }
  }

  /** Whether bytes read from the stream are waiting: a read now would not block. */
  public boolean hasBuffered() {
    return pos < limit;
  }

  /** The next byte if one is buffered, else -1 (never reads: a read could block). */
  public int peekBuffered() {
    return pos < limit ? buf[pos] & 0xff : -1;
  }

  /** Whether the last line returned was longer than the limit and cut. */
  public boolean lastLineCut() {
    return cut;
  }

  private void append(int from, int to) {
    int take = Math.min(to - from, maxBytes - length);
    if (take < to - from) {
      cut = true;
    }
    if (take <= 0) {
      return;
    }
    if (length + take > line.length) {
      line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(length + take, line.length * 2)));
    }
    System.arraycopy(buf, from, line, length, take);
    length += take;
  }

  private String decode() {
    return new String(line, 0, length, StandardCharsets.UTF_8);
  }
}

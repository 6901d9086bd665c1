package org.telemetrics.probes.recordgen.stdin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a stream into numbered lines of at most {@code maxBytes} bytes. A longer line is read to
 * its end and reported by its length only: memory stays bounded whatever the input holds.
 */
final class LineInput {
  /** One line without its newline; {@code bytes} is null when it was longer than the cap. */
  record Line(long number, byte[] bytes, long length) {
    boolean tooLong() {
      return bytes == null;
    }
  }

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[16 * 1024];
  private int pos;
  private int end;
  private boolean eof;
  private long number;

  LineInput(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line, or null at the end of the stream. A last line needs no newline. */
  Line next() throws IOException {
    if (!fill()) {
      return null;
    }
    number++;
    ByteArrayOutputStream kept = new ByteArrayOutputStream(256);
    long length = 0;
    while (pos < end || fill()) {
      int newline = indexOfNewline();
      int stop = newline < 0 ? end : newline;
      int n = stop - pos;
      length += n;
      if (kept != null && length <= maxBytes) {
        kept.write(buffer, pos, n);
      } else {
        kept = null; // over the cap: count the rest, keep nothing
      }
      pos = newline < 0 ? end : newline + 1;
      if (newline >= 0) {
        break;
      }
    }
    return new Line(number, kept == null ? null : kept.toByteArray(), length);
  }

  private int indexOfNewline() {
    for (int i = pos; i < end; i++) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** True when there are bytes to read; reads more when the buffer is used up. */
  private boolean fill() throws IOException {
    while (pos >= end) {
      if (eof) {
        return false;
      }
      int n = in.read(buffer);
      if (n < 0) {
        eof = true;
        return false;
      }
      pos = 0;
      end = n;
    }
    return true;
  }
}

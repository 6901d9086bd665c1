package org.telemetrics.probes.crash.core;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A forward-only position in the input, copying what it reads when asked. */
final class CoreInput {
  private static final int BLOCK = 64 << 10;

  private final InputStream in;
  private final OutputStream copy;
  private final byte[] scratch = new byte[BLOCK];
  long pos;

  CoreInput(InputStream in, OutputStream copy) {
    this.in = in;
    this.copy = copy;
  }

  /** Reads up to {@code len} bytes; fewer only at end of input. */
  int readFully(byte[] b, int off, int len) throws IOException {
    int total = 0;
    while (total < len) {
      int n = in.read(b, off + total, len - total);
      if (n < 0) {
        break;
      }
      if (copy != null) {
        copy.write(b, off + total, n);
      }
      total += n;
    }
    pos += total;
    return total;
  }

  void skipTo(long target) throws IOException {
    while (pos < target) {
      int want = (int) Math.min(scratch.length, target - pos);
      if (readFully(scratch, 0, want) < want) {
        throw new EOFException();
      }
    }
  }

  void drainIfCopying() throws IOException {
    if (copy != null) {
      while (readFully(scratch, 0, scratch.length) > 0) {
        // copied as read
      }
    }
  }
}

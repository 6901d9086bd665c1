package org.telemetrics.collector;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * One connection's bytes with a read-ahead buffer: lines cut from it without a call per byte, all
 * lines of one request counted against {@value #MAX_LINE_BYTES} bytes, and bodies read exactly.
 */
final class HttpConnectionInput {
  /** The bytes of a request's head, chunk size lines and trailers together. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  private final InputStream in;

  /** One byte longer than the lines may be, so a line that fills it has passed the limit. */
  private final byte[] buf = new byte[MAX_LINE_BYTES + 1];

  private int pos;
  private int limit;
  private int lineBytes;

  HttpConnectionInput(InputStream in) {
    this.in = in;
  }

  /** Starts counting the lines of a new request. */
  void startRequest() {
    lineBytes = 0;
  }

  /**
   * One line without its LF or CR LF, as Latin-1; null only when {@code atStart} and the stream
   * ends before any byte.
   */
  String readLine(boolean atStart) throws IOException, HttpRequestReader.BadRequest {
    int scanned = 0; // bytes of this line before pos + scanned
    while (true) {
      for (int i = pos + scanned; i < limit; i++) {
        if (buf[i] == '\n') {
          count(i + 1 - pos - scanned);
          int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
          pos = i + 1;
          return line;
        }
      }
      count(limit - pos - scanned);
      scanned = limit - pos;
      if (!fill()) {
        if (atStart && scanned == 0) {
          return null;
        }
        throw new EOFException("connection closed within a request head");
      }
    }
  }

  private void count(int bytes) throws HttpRequestReader.BadRequest {
    lineBytes += bytes;
    if (lineBytes > MAX_LINE_BYTES) {
      throw new HttpRequestReader.BadRequest(
          431,
          "request head (with any chunk size lines and trailers) larger than "
              + MAX_LINE_BYTES
              + " bytes");
    }
  }

  /** Reads more after what is buffered (moving a partial line to the front); false at the end. */
  private boolean fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      return true; // full of one line: the limit, checked by count, ends it
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      return false;
    }
    limit += n;
    return true;
  }

  /**
   * The next {@code n} bytes: those buffered, then from the stream. Memory grows with the bytes
   * that arrive, not with a length a client declares and never sends.
   */
  byte[] readExactly(int n) throws IOException {
    int have = Math.min(n, limit - pos);
    byte[] rest = in.readNBytes(n - have); // grows as it reads
    if (rest.length < n - have) {
      throw new EOFException("connection closed within a request body");
    }
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, have);
    System.arraycopy(rest, 0, out, have, rest.length);
    pos += have;
    return out;
  }
}

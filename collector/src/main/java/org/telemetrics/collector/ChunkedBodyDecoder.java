package org.telemetrics.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Decodes a body sent with {@code Transfer-Encoding: chunked}: each chunk's size in hexadecimal
 * digits only (no sign, no spaces before it), chunk extensions ignored, each chunk ended by a line
 * end, trailer fields read and dropped. A body past the limit is not read further.
 */
final class ChunkedBodyDecoder {
  /** More hexadecimal digits than this is past any limit (and past a long). */
  private static final int MAX_SIZE_DIGITS = 15;

  private ChunkedBodyDecoder() {}

  /** The joined chunks, or null when they pass {@code maxBodyBytes} (then read only in part). */
  static byte[] decode(HttpConnectionInput input, long maxBodyBytes)
      throws IOException, HttpRequestReader.BadRequest {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      long size = chunkSize(input.readLine(false));
      if (size == 0) {
        while (!input.readLine(false).isEmpty()) {
          // trailer fields: not used
        }
        return body.toByteArray();
      }
      if (size < 0 || body.size() + size > maxBodyBytes) {
        return null;
      }
      byte[] chunk = input.readExactly((int) size);
      body.write(chunk, 0, chunk.length);
      if (!input.readLine(false).isEmpty()) {
        throw new HttpRequestReader.BadRequest(400, "chunk not followed by a line end");
      }
    }
  }

  /** The size a chunk's first line declares, or -1 when it is too large for any limit. */
  static long chunkSize(String line) throws HttpRequestReader.BadRequest {
    int end = 0;
    while (end < line.length() && hex(line.charAt(end))) {
      end++;
    }
    int ext = end;
    while (ext < line.length() && (line.charAt(ext) == ' ' || line.charAt(ext) == '\t')) {
      ext++; // whitespace is allowed only before an extension
    }
    boolean restValid = ext == line.length() ? ext == end : line.charAt(ext) == ';';
    if (end == 0 || !restValid) {
      throw new HttpRequestReader.BadRequest(400, "malformed chunk size line");
    }
    if (end > MAX_SIZE_DIGITS) {
      return -1;
    }
    return Long.parseLong(line.substring(0, end), 16);
  }

  /** ASCII hexadecimal digits only: no sign, as Long.parseLong would take. */
  private static boolean hex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}

package org.telemetrics.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What the collector's file already holds when it starts: how many lines (ids continue after them),
 * the newest records, and whether the last line was cut short. The file is read as bytes, so no
 * damage stops a start: bytes that are not UTF-8 become U+FFFD, and of a line longer than {@code
 * maxKeptBytes} only the start is kept in memory. Lines of ASCII white space alone are not counted.
 * A damaged line (cut short by a kill, garbage) is counted but is not a record: {@code GET
 * /api/records} joins the records into one JSON document, which such a line would break.
 *
 * @param count the lines that are not blank
 * @param newest the records among the newest of those lines, oldest first
 * @param partialLast whether the file ends without a line feed (a write cut short)
 */
record StoredLines(long count, List<String> newest, boolean partialLast) {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Reads {@code file}: one pass counts the lines and notes where the newest {@code keep} lie, then
   * only those are read again (at most {@code maxKeptBytes} of each), so no line is copied that is
   * not kept.
   */
  static StoredLines read(Path file, int keep, int maxKeptBytes) throws IOException {
    long[] starts = new long[keep]; // a ring of the newest lines that are not blank
    long[] ends = new long[keep];
    long count = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      byte[] buffer = new byte[64 * 1024];
      ByteBuffer wrapped = ByteBuffer.wrap(buffer);
      long at = 0;
      long lineStart = 0;
      boolean blank = true;
      int last = '\n';
      for (int n = channel.read(wrapped.clear()); n >= 0; n = channel.read(wrapped.clear())) {
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          if (b == '\n') {
            if (!blank) {
              starts[(int) (count % keep)] = lineStart;
              ends[(int) (count++ % keep)] = at + i;
            }
            lineStart = at + i + 1;
            blank = true;
          } else if (blank && !isSpace(b)) {
            blank = false;
          }
        }
        at += n;
        last = n > 0 ? buffer[n - 1] : last;
      }
      if (!blank) {
        starts[(int) (count % keep)] = lineStart;
        ends[(int) (count++ % keep)] = at;
      }
      List<String> records = new ArrayList<>();
      for (long k = Math.max(0, count - keep); k < count; k++) {
        int r = (int) (k % keep);
        String line = readLine(channel, starts[r], Math.min(ends[r] - starts[r], maxKeptBytes));
        if (isJsonObject(line)) {
          records.add(line);
        }
      }
      return new StoredLines(count, List.copyOf(records), last != '\n');
    }
  }

  private static String readLine(FileChannel channel, long start, long length) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate((int) length);
    while (bytes.hasRemaining() && channel.read(bytes, start + bytes.position()) > 0) {
      // a file cut shorter meanwhile leaves the line shorter
    }
    return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
  }

  /** Whether a line is one whole JSON object and nothing else. */
  static boolean isJsonObject(String line) {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false; // not JSON, or cut short
    }
  }

  /** White space as {@link String#isBlank} sees it, within ASCII. */
  private static boolean isSpace(int b) {
    return b == ' ' || (b >= '\t' && b <= '\r') || (b >= 0x1c && b <= 0x1f);
  }
}

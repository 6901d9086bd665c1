package org.telemetrics.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
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

  /** Reads {@code file}, keeping at most {@code keep} lines of at most {@code maxKeptBytes}. */
  static StoredLines read(Path file, int keep, int maxKeptBytes) throws IOException {
    Deque<String> newest = new ArrayDeque<>();
    long count = 0;
    int last = '\n';
    try (InputStream in = Files.newInputStream(file)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      boolean blank = true;
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          int b = buffer[i];
          if (b == '\n') {
            if (!blank) {
              count++;
              keepNewest(newest, line.toString(StandardCharsets.UTF_8), keep);
            }
            line.reset();
            blank = true;
          } else {
            if (line.size() < maxKeptBytes) {
              line.write(b);
            }
            blank &= isSpace(b);
          }
        }
        last = n > 0 ? buffer[n - 1] : last;
      }
      if (!blank) {
        count++;
        keepNewest(newest, line.toString(StandardCharsets.UTF_8), keep);
      }
    }
    List<String> records = newest.stream().filter(StoredLines::isJsonObject).toList();
    return new StoredLines(count, records, last != '\n');
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

  private static void keepNewest(Deque<String> newest, String line, int keep) {
    newest.addLast(line);
    if (newest.size() > keep) {
      newest.removeFirst();
    }
  }

  /** White space as {@link String#isBlank} sees it, within ASCII. */
  private static boolean isSpace(int b) {
    return b == ' ' || (b >= '\t' && b <= '\r') || (b >= 0x1c && b <= 0x1f);
  }
}

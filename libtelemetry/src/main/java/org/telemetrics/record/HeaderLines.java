package org.telemetrics.record;

import java.util.ArrayList;
import java.util.List;

/** Parses the 15 {@code name: value} header lines shared by frames and staged files. */
public final class HeaderLines {
  private HeaderLines() {}

  /**
   * Splits a block of exactly 15 newline-terminated header lines into values, checking each line's
   * name and position (strictly: {@code name: } exactly, no empty lines).
   */
  public static List<String> parse(String block) {
    if (!block.endsWith("\n")) {
      throw new InvalidRecordException("header.format", "header block does not end with a newline");
    }
    List<String> values = new ArrayList<>(Header.COUNT);
    Header[] headers = Header.values();
    int start = 0;
    int index = 0;
    while (start < block.length()) {
      int end = block.indexOf('\n', start);
      String line = block.substring(start, end);
      if (index >= Header.COUNT) {
        throw new InvalidRecordException(
            "header.count", "more than " + Header.COUNT + " header lines");
      }
      String expected = headers[index].wireName() + ": ";
      if (!line.startsWith(expected)) {
        String found = line.length() > 40 ? line.substring(0, 40) + "..." : line;
        throw new InvalidRecordException(
            "header.order",
            "header line "
                + (index + 1)
                + " is \""
                + found
                + "\"; expected "
                + headers[index].wireName());
      }
      values.add(line.substring(expected.length()));
      index++;
      start = end + 1;
    }
    if (index != Header.COUNT) {
      throw new InvalidRecordException(
          "header.count",
          "only "
              + index
              + " of "
              + Header.COUNT
              + " header lines; missing "
              + headers[index].wireName());
    }
    return values;
  }

  /**
   * The length of the first {@code count} lines of {@code text} (newlines included), or -1 when it
   * has fewer lines.
   */
  public static int lengthOfLines(String text, int count) {
    int pos = 0;
    for (int i = 0; i < count; i++) {
      int nl = text.indexOf('\n', pos);
      if (nl < 0) {
        return -1;
      }
      pos = nl + 1;
    }
    return pos;
  }
}

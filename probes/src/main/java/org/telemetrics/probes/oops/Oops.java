package org.telemetrics.probes.oops;

import java.util.List;

/**
 * One kernel report as the collector gathered it.
 *
 * @param pattern the start pattern that matched {@code lines.get(0)}
 * @param lines the normalized lines, the start line first, without the line that ended it
 * @param complete false when the input ended before the report did (the C parser loses those)
 */
public record Oops(OopsPattern pattern, List<String> lines, boolean complete) {
  public Oops {
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("an oops has at least its start line");
    }
  }

  /** The start line: the record's {@code Reason}. */
  public String reason() {
    return lines.get(0);
  }
}

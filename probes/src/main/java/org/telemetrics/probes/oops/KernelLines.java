package org.telemetrics.probes.oops;

/**
 * Turns a kernel log line as {@code dmesg -r}, {@code klogctl} or a pstore dump prints it ({@code
 * <4>[ 12.345678] text}) into the text the patterns see: a leading {@code <level>}, then a {@code
 * [timestamp]}, then one whitespace character are skipped. Lines without level or timestamp pass
 * through.
 */
public final class KernelLines {
  /**
   * Longest line kept, in characters; the rest of a longer line is dropped. The kernel's own
   * records are at most 1024 bytes, and the longest real line (the module list) stays well under.
   */
  public static final int MAX_LINE_CHARS = 4096;

  private KernelLines() {}

  public static String normalize(String line) {
    int i = 0;
    if (CText.at(line, 0) == '<') {
      i = skipPast(line, 0, '>');
    }
    if (CText.at(line, i) == '[') {
      i = skipPast(line, i, ']');
    }
    if (i < line.length() && CText.isSpace(line.charAt(i))) {
      i++;
    }
    return line.substring(i);
  }

  /** The index after the first {@code close} at or after {@code from}, or the line's end. */
  private static int skipPast(String line, int from, char close) {
    int end = line.indexOf(close, from);
    return end < 0 ? line.length() : end + 1;
  }
}

package org.telemetrics.host;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Finds one line of a system file without reading or decoding the rest of it. */
final class FirstLine {
  private FirstLine() {}

  /**
   * The first of the first {@code maxLines} lines of a system file's first 64 KiB that starts with
   * {@code prefix}, or null; the same line {@link HostInfoReader} would find among all the lines.
   * The file is read a page at a time and only as far as that line: {@code /proc/cpuinfo} holds a
   * block per CPU, made by the kernel as it is read, and its first line of a kind is in the first
   * block. Only that line is decoded, with the newline after it (UTF-8 decoding never carries
   * across a newline byte).
   */
  static String startingWith(Path path, String prefix, int maxLines) throws IOException {
    byte[] buf = new byte[64 * 1024];
    int filled = 0;
    int lineStart = 0;
    int scanned = 0;
    int lines = 0;
    try (InputStream in = new FileInputStream(path.toString())) {
      while (true) {
        int n =
            filled < buf.length ? in.read(buf, filled, Math.min(4096, buf.length - filled)) : -1;
        if (n > 0) {
          filled += n;
        }
        for (; scanned < filled && lines < maxLines; scanned++) {
          if (buf[scanned] == '\n') {
            lines++;
            if (startsWith(buf, lineStart, scanned, prefix)) {
              return lineAt(buf, lineStart, scanned + 1);
            }
            lineStart = scanned + 1;
          }
        }
        if (lines >= maxLines) {
          return null;
        }
        if (n < 0) { // the end of the file or of the 64 KiB: what is left is a last line
          return lineStart < filled && startsWith(buf, lineStart, filled, prefix)
              ? lineAt(buf, lineStart, filled)
              : null;
        }
      }
    }
  }

  private static boolean startsWith(byte[] buf, int from, int to, String prefix) {
    if (to - from < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (buf[from + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The line in {@code buf[from, to)}, decoded, without its newline and a CR before it. */
  private static String lineAt(byte[] buf, int from, int to) {
    String line = new String(buf, from, to - from, StandardCharsets.UTF_8);
    if (line.endsWith("\n")) {
      line = line.substring(0, line.length() - 1);
    }
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}

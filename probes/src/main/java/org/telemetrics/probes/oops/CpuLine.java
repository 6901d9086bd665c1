package org.telemetrics.probes.oops;

import java.util.Optional;

/**
 * The kernel version and taint flags of a {@code CPU: } or {@code PID: } line, e.g. {@code CPU: 2
 * PID: 6429 Comm: insmod Tainted: P OE 3.19.0-18-generic #18-Ubuntu} or {@code CPU: 3 PID: 0 Comm:
 * swapper/3 Not tainted 4.0.5-300.fc22.x86_64 #1}. As in the C parser, the taint is {@code Not
 * tainted} or the 16 characters after {@code Tainted: }, and the version is the word before the
 * first {@code " #"} through the end of the line.
 */
record CpuLine(Optional<String> version, Optional<String> tainted) {
  private static final int TAINT_FLAGS = 16;

  static boolean is(String line) {
    return CText.startsWithIgnoreCase(line, "CPU: ") || CText.startsWithIgnoreCase(line, "PID: ");
  }

  static CpuLine parse(String line) {
    Optional<String> tainted = Optional.empty();
    int from = 0;
    int not = line.indexOf(" Not tainted ");
    if (not >= 0) {
      tainted = Optional.of("Not tainted");
      from = not + " Not tainted".length();
    } else {
      int t = line.indexOf("Tainted: ");
      if (t >= 0) {
        int flags = t + "Tainted: ".length();
        tainted = Optional.of(line.substring(flags, Math.min(line.length(), flags + TAINT_FLAGS)));
        from = flags + 1;
      }
    }
    return new CpuLine(version(line, from), tainted);
  }

  private static Optional<String> version(String line, int from) {
    if (from > line.length()) {
      return Optional.empty();
    }
    int hash = line.indexOf('#', from);
    if (hash <= 0 || !CText.isSpace(line.charAt(hash - 1))) {
      return Optional.empty();
    }
    int e = hash - 2;
    while (e >= from && !CText.isSpace(line.charAt(e))) {
      e--;
    }
    return e >= from ? Optional.of(line.substring(e + 1)) : Optional.empty();
  }
}

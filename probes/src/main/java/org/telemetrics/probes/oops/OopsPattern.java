package org.telemetrics.probes.oops;

/**
 * A line that starts a kernel report, with the classification and severity the C client gives the
 * record (the backend's processing knows these, so they are kept as they are, including the two
 * without the {@code org.clearlinux/} prefix).
 *
 * @param text the pattern as the C table writes it (a prefix, or a POSIX regular expression)
 * @param kind how {@code text} is matched against a normalized line
 */
public record OopsPattern(String text, Kind kind, String classification, int severity) {
  /** How a pattern is matched. */
  public enum Kind {
    /** The line starts with the text (case-sensitive). */
    PREFIX,
    /** {@code ^ALSA (.*): BUG(.*)}, case-insensitive. */
    ALSA_BUG,
    /** {@code irq [[:digit:]]+: nobody cared} anywhere in the line, case-insensitive. */
    IRQ_NOBODY_CARED,
    /** A BERT header: the report is the {@code [Hardware Error]:} lines that follow. */
    BERT
  }

  /** Whether a normalized line starts a report of this kind. */
  public boolean matches(String line) {
    return switch (kind) {
      case PREFIX, BERT -> line.startsWith(text);
      case ALSA_BUG ->
          CText.startsWithIgnoreCase(line, "ALSA ")
              && CText.indexOfIgnoreCase(line, ": BUG", 5) >= 0;
      case IRQ_NOBODY_CARED -> irqNobodyCared(line);
    };
  }

  private static boolean irqNobodyCared(String line) {
    for (int i = CText.indexOfIgnoreCase(line, "irq ", 0);
        i >= 0;
        i = CText.indexOfIgnoreCase(line, "irq ", i + 1)) {
      int d = i + 4;
      while (d < line.length() && line.charAt(d) >= '0' && line.charAt(d) <= '9') {
        d++;
      }
      if (d > i + 4 && CText.regionIgnoreCase(line, d, ": nobody cared")) {
        return true;
      }
    }
    return false;
  }
}

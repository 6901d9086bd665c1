package org.telemetrics.probes.oops;

/**
 * The function of a stack frame line, in the three forms the kernel has printed: {@code
 * [<ffffffffa1002128>] do_one_initcall+0xb8/0x1e0}, {@code <IRQ> [<ffffffff816606a8>]
 * dump_stack+0x19/0x1b} and (Linux 4.10 and later) {@code ? __vunmap+0x9a/0x100}. The function is
 * the text up to {@code +}, a leading {@code "? "} (an unreliable frame) included, as the C parser
 * reports it.
 */
final class StackFrames {
  /** A frame line that names nothing, e.g. {@code <IRQ>} alone: no frame. */
  static final String NO_FRAME = null;

  /** A frame whose address is not followed by a function. */
  static final String UNNAMED = "???";

  private StackFrames() {}

  /** The frame's function, {@link #UNNAMED}, or null when the line holds no frame. */
  static String function(String line) {
    int i = skipSpaces(line, 0);
    if (line.startsWith("<IRQ>", i)
        || line.startsWith("<NMI>", i)
        || line.startsWith("<EOI>", i)
        || line.startsWith("<<EOE>>", i)) {
      i = skipWord(line, i);
      if (i >= line.length()) {
        return NO_FRAME;
      }
      i = skipSpaces(line, i);
    }
    if (line.startsWith("[", i)) {
      i = skipWord(line, i + 1);
      if (i >= line.length()) {
        return UNNAMED;
      }
      i = skipSpaces(line, i);
    }
    int plus = line.indexOf('+', i);
    return line.substring(i, plus < 0 ? line.length() : plus);
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && CText.isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipWord(String s, int i) {
    while (i < s.length() && !CText.isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}

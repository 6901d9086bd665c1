package org.telemetrics.probes.oops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telemetrics.record.RecordRules;

/**
 * The record payload of a kernel report, in the C client's format:
 *
 * <pre>
 * Crash Report:
 * Reason: &lt;start line&gt;
 * Kernel Version : &lt;v&gt;          from the first CPU:/PID: line that names one
 * Tainted : &lt;flags&gt;
 * Modules : &lt;list&gt;             from the first "Modules linked in: " line
 * Backtrace :                  when there are stack frames
 * Register &lt;R&gt;: Zero|Non-zero   the value in hex when privacy filters are off
 * #&lt;n&gt; &lt;function&gt; - [kernel]
 * </pre>
 *
 * Each of the optional lines is there only when found. A BERT report is its start line and then its
 * {@code [Hardware Error]:} lines as they are. An incomplete report (the log ended inside it) ends
 * with {@value #INCOMPLETE}. Characters a payload may not hold are replaced by {@code ?}, and a
 * payload over the record limit is cut at a line end.
 */
public final class OopsPayload {
  public static final String INCOMPLETE =
      "Incomplete : the log ended before the end of this report\n";

  /** The record payload limit (libtelemetry's), in UTF-8 bytes. */
  public static final int MAX_BYTES = RecordRules.MAX_PAYLOAD_BYTES;

  private OopsPayload() {}

  /**
   * @param registerValues true when the privacy filters are off (the override file exists):
   *     register values are printed instead of Zero/Non-zero
   */
  public static String format(Oops oops, boolean registerValues) {
    StringBuilder sb = new StringBuilder("Crash Report:\n");
    sb.append("Reason: ").append(oops.reason()).append('\n');
    List<String> lines = oops.lines();
    if (oops.pattern().kind() == OopsPattern.Kind.BERT) {
      lines.subList(1, lines.size()).forEach(l -> sb.append(l).append('\n'));
    } else {
      details(lines, registerValues, sb);
    }
    if (!oops.complete()) {
      sb.append(INCOMPLETE);
    }
    return fit(printable(sb));
  }

  /** Version, taint, modules, registers and frames, read from the last line up like the C. */
  private static void details(List<String> lines, boolean registerValues, StringBuilder sb) {
    Optional<String> version = Optional.empty();
    Optional<String> tainted = Optional.empty();
    String modules = null;
    List<String> frames = new ArrayList<>();
    List<Registers.Value> registers = new ArrayList<>();
    boolean inTrace = true;
    for (int i = lines.size() - 1; i > 0; i--) {
      String line = lines.get(i);
      if (inTrace && line.startsWith(" ")) {
        String f = StackFrames.function(line);
        if (f != null) {
          frames.add(f);
        }
        continue;
      }
      inTrace = false;
      if (CText.startsWithIgnoreCase(line, "Modules linked in: ")) {
        modules = line.substring("Modules linked in: ".length());
      } else if (CpuLine.is(line)) {
        CpuLine cpu = CpuLine.parse(line);
        version = cpu.version().isPresent() ? cpu.version() : version;
        tainted = cpu.tainted().isPresent() ? cpu.tainted() : tainted;
      } else {
        Registers.scan(line, registers);
      }
    }
    version.ifPresent(v -> sb.append("Kernel Version : ").append(v).append('\n'));
    tainted.ifPresent(t -> sb.append("Tainted : ").append(t).append('\n'));
    if (modules != null) {
      sb.append("Modules : ").append(modules).append('\n');
    }
    if (!frames.isEmpty()) {
      sb.append("Backtrace :\n");
    }
    for (int r = registers.size() - 1; r >= 0; r--) {
      Registers.Value v = registers.get(r);
      sb.append("Register ")
          .append(v.name())
          .append(": ")
          .append(
              registerValues ? Long.toHexString(v.value()) : v.value() != 0 ? "Non-zero" : "Zero")
          .append('\n');
    }
    for (int f = frames.size() - 1, n = 1; f >= 0; f--, n++) {
      sb.append('#').append(n).append(' ').append(frames.get(f)).append(" - [kernel]\n");
    }
  }

  /** {@code text} with the characters a payload may not hold replaced by '?'. */
  public static String printable(String text) {
    return printable(new StringBuilder(text));
  }

  /** Control characters other than tab and newline become '?': a payload may not hold them. */
  private static String printable(StringBuilder sb) {
    for (int i = 0; i < sb.length(); i++) {
      char c = sb.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
      if ((control && c != '\t' && c != '\n') || (Character.isSurrogate(c) && !paired(sb, i))) {
        sb.setCharAt(i, '?');
      }
    }
    return sb.toString();
  }

  private static boolean paired(StringBuilder sb, int i) {
    char c = sb.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < sb.length() && Character.isLowSurrogate(sb.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(sb.charAt(i - 1));
  }

  /** Cuts at the last line end that fits the limit (inside a line only if none does). */
  public static String fit(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (b.length <= MAX_BYTES) {
      return text;
    }
    int cut = MAX_BYTES;
    while (cut > 0 && b[cut - 1] != '\n') {
      cut--;
    }
    if (cut == 0) {
      cut = RecordRules.utf8PrefixLength(b, MAX_BYTES);
    }
    return new String(b, 0, cut, StandardCharsets.UTF_8);
  }
}

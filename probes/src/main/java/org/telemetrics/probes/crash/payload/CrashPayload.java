package org.telemetrics.probes.crash.payload;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The crash payload in the C probe's exact format, which the backend's crash processing parses
 * (frame lines match {@code ^(#\d+ )(.+)( - \[(.*)\](.*))$}):
 *
 * <pre>
 * Process: /usr/bin/crashme
 * PID: 31746
 * Signal: 11
 *
 * Backtrace (TID 31746):
 * #0 level3() - [/usr/bin/crashme] - /src/crashme.c:5
 * #1 ??? - [libfoo.so.1]
 * </pre>
 *
 * Text from the core (names, paths) is made printable; the whole payload is cut at a line end to
 * fit the record's payload limit.
 */
public final class CrashPayload {
  public static final String TRUNCATED_LINE = "Too many frames. Backtrace truncated.";
  static final int MAX_BYTES = 8192;

  private CrashPayload() {}

  /** One thread's block. */
  public record ThreadBlock(long tid, List<FrameLine> frames) {}

  public static String format(
      String process,
      long pid,
      Optional<Integer> signal,
      boolean truncated,
      List<String> errors,
      List<ThreadBlock> threads) {
    StringBuilder sb = new StringBuilder();
    sb.append("Process: ").append(printable(process)).append('\n');
    sb.append("PID: ").append(pid).append('\n');
    signal.ifPresent(s -> sb.append("Signal: ").append(s).append('\n'));
    if (truncated) {
      sb.append(TRUNCATED_LINE).append('\n');
    }
    for (String e : errors) {
      sb.append("Error: ").append(printable(e)).append('\n');
    }
    for (ThreadBlock t : threads) {
      sb.append("\nBacktrace (TID ").append(t.tid()).append("):\n");
      int n = 0;
      for (FrameLine f : t.frames()) {
        sb.append('#').append(n++).append(' ');
        if (f.function().isPresent()) {
          sb.append(printable(f.function().get())).append("()");
        } else {
          sb.append("???");
        }
        sb.append(" - [").append(printable(f.module())).append(']');
        f.source()
            .ifPresent(
                s -> sb.append(" - ").append(printable(s.file())).append(':').append(s.line()));
        sb.append('\n');
      }
    }
    return fit(sb.toString());
  }

  /** The short payloads of the privacy filters. */
  public static String thirdParty() {
    return "Crash from third party\n";
  }

  public static String clrBuild() {
    return "Crash from Clear package build\n";
  }

  /** Cuts text at a line end to fit the payload limit. */
  public static String fit(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (b.length <= MAX_BYTES) {
      return text;
    }
    int cut = MAX_BYTES;
    while (cut > 0 && b[cut - 1] != '\n') {
      cut--;
    }
    return new String(b, 0, cut, StandardCharsets.UTF_8);
  }

  /** Replaces control characters and newlines, which could forge frame lines. */
  public static String printable(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\ufffd' ? '?' : c);
    }
    return out.toString();
  }
}

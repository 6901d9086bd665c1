package org.telemetrics.probes.oops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gathers the lines of kernel reports from a stream of log lines, the C parser's state machine with
 * three of its losses fixed: the line that ends a report is itself tested as the start of the next,
 * a report still open when the input ends is handed out (marked incomplete) by {@link #finish}, and
 * nothing is skipped after a report completes.
 *
 * <p>After a start line every following line is collected until one of: {@value #MAX_LINES} lines
 * collected; a line containing {@code [ end trace}; in a BERT report, a line without {@code
 * [Hardware Error]:}; inside the stack (after a line starting {@code Call Trace:}), a line not
 * starting with a space, shorter than 8 characters, or containing {@code Code:} or {@code
 * Instruction Dump::}; a line containing {@code WARNING:} or {@code Unable to handle} (except in an
 * ALSA report). Memory is bounded by {@value #MAX_LINES} lines of at most {@link
 * KernelLines#MAX_LINE_CHARS} characters. Not thread-safe.
 */
public final class OopsCollector {
  /** Most lines of one report, the start line included (the C parser's MAX_LINES). */
  public static final int MAX_LINES = 100;

  private final List<String> lines = new ArrayList<>();
  private OopsPattern pattern;
  private boolean inStack;

  /** Takes one raw log line (with or without level and timestamp). */
  public Optional<Oops> acceptLogLine(String rawLine) {
    return acceptNormalized(KernelLines.normalize(cap(rawLine)));
  }

  /**
   * Takes one line already without level and timestamp (a {@code /dev/kmsg} message); its leading
   * spaces are part of the text, as stack frames start with one.
   */
  public Optional<Oops> acceptNormalized(String line) {
    line = cap(line);
    if (pattern == null) {
      start(line);
      return Optional.empty();
    }
    if (!endsReport(line)) {
      lines.add(line);
      return Optional.empty();
    }
    Oops done = new Oops(pattern, lines, true);
    reset();
    start(line);
    return Optional.of(done);
  }

  /** Whether a report is being collected. */
  public boolean collecting() {
    return pattern != null;
  }

  /** The end of the input: the report still open, if any, as an incomplete one. */
  public Optional<Oops> finish() {
    if (pattern == null) {
      return Optional.empty();
    }
    Oops open = new Oops(pattern, lines, false);
    reset();
    return Optional.of(open);
  }

  private void start(String line) {
    Optional<OopsPattern> p = OopsPatterns.firstMatch(line);
    if (p.isPresent()) {
      pattern = p.get();
      lines.add(line);
      inStack = false;
    }
  }

  private void reset() {
    pattern = null;
    lines.clear();
    inStack = false;
  }

  private boolean endsReport(String line) {
    boolean end = false;
    if (lines.size() >= MAX_LINES || line.contains("[ end trace")) {
      end = true;
    } else if (pattern.kind() == OopsPattern.Kind.BERT) {
      end = !line.contains("[Hardware Error]:");
    } else if (!inStack) {
      inStack = line.startsWith("Call Trace:");
    } else if (!line.startsWith(" ")
        || line.length() < 8
        || line.contains("Code:")
        || line.contains("Instruction Dump::")) {
      end = true;
    }
    if ((line.contains("WARNING:") || line.contains("Unable to handle"))
        && pattern.kind() != OopsPattern.Kind.ALSA_BUG) {
      end = true;
    }
    return end;
  }

  private static String cap(String line) {
    return line.length() <= KernelLines.MAX_LINE_CHARS
        ? line
        : line.substring(0, KernelLines.MAX_LINE_CHARS);
  }
}

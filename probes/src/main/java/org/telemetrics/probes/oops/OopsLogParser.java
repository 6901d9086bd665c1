package org.telemetrics.probes.oops;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every kernel report in a kernel log (a {@code dmesg -r} capture, a pstore dump): each line goes
 * through an {@link OopsCollector}, and a report still open at the end is given too, as an
 * incomplete one. Time is linear in the input and memory bounded whatever its size.
 */
public final class OopsLogParser {
  /** Longest line read, in bytes (a line is later cut to its first 4096 characters). */
  public static final int MAX_LINE_BYTES = 4 * KernelLines.MAX_LINE_CHARS;

  private OopsLogParser() {}

  /** Hands each report to {@code sink} as soon as it is complete. */
  public static void parse(InputStream log, Consumer<Oops> sink) throws IOException {
    BoundedLineReader lines = new BoundedLineReader(log, MAX_LINE_BYTES);
    OopsCollector collector = new OopsCollector();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      collector.acceptLogLine(line).ifPresent(sink);
    }
    collector.finish().ifPresent(sink);
  }

  public static List<Oops> parse(InputStream log) throws IOException {
    List<Oops> out = new ArrayList<>();
    parse(log, out::add);
    return out;
  }
}

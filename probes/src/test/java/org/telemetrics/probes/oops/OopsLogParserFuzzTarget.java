package org.telemetrics.probes.oops;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.telemetrics.fuzz.ParserContract;
import org.telemetrics.record.RecordRules;

/**
 * Coverage-guided fuzzing of the oops parser on kernel logs (lines anyone who can write to the
 * kernel log, or a damaged pstore dump, controls): every report has at most 100 lines of at most
 * 4096 characters, and its payload, with and without register values, is one a record can carry. It
 * never throws.
 *
 * <p>The parser allocates under 100 bytes per input byte; its worst case, a report of 509 lines of
 * about three bytes each (a seed), takes 68. A fuzzing JVM allows more for Jazzer's hooks, which
 * copy the line and the needle of each of the two dozen string tests per line (6,600 bytes per
 * input byte on that seed).
 */
class OopsLogParserFuzzTarget {
  private static final ParserContract CONTRACT = ParserContract.of(4 << 20, 256);

  @FuzzTest
  void parse(byte[] input) {
    CONTRACT.check(
        input.length,
        () -> {
          List<Oops> found = OopsLogParser.parse(new ByteArrayInputStream(input));
          for (Oops o : found) {
            if (o.lines().size() > OopsCollector.MAX_LINES) {
              throw new AssertionError("a report of " + o.lines().size() + " lines");
            }
            for (String line : o.lines()) {
              if (line.length() > KernelLines.MAX_LINE_CHARS) {
                throw new AssertionError("a line of " + line.length() + " characters");
              }
            }
            for (boolean values : new boolean[] {false, true}) {
              String payload = OopsPayload.format(o, values);
              if (!RecordRules.checkPayload(payload).equals(payload)) {
                throw new AssertionError("payload changed by its check");
              }
            }
          }
          return found.size();
        });
  }
}

package org.telemetrics.probes.journal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of journalprobe's reader of {@code journalctl -o json} lines (whose
 * messages any program can log): fields, or an {@link IllegalArgumentException} saying what is not
 * a journal entry; an entry, or one saying which field it lacks.
 */
class JournalJsonFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(1 << 20, 200, IllegalArgumentException.class)
          .withMessage(m -> m.startsWith("not a journal entry") || m.startsWith("no "));

  @FuzzTest
  void parse(byte[] input) {
    String line = new String(input, StandardCharsets.UTF_8);
    CONTRACT.check(input.length, () -> JournalEntry.of(JournalJson.parse(line)));
  }
}

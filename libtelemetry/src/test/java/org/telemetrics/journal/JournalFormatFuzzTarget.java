package org.telemetrics.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of one journal line (decoded as the readers decode it): an entry or an
 * JournalFormatException saying what is wrong; an entry formats back to a line that parses to it.
 */
class JournalFormatFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(1 << 20, 64, JournalFormatException.class)
          .withMessage(m -> !m.startsWith("For input string"));

  @FuzzTest
  void parse(byte[] input) throws JournalFormatException {
    String line = new String(input, StandardCharsets.UTF_8);
    Optional<JournalEntry> parsed = CONTRACT.check(input.length, () -> JournalFormat.parse(line));
    if (parsed.isPresent() && parsed.get().outcome().map(String::length).orElse(0) <= 200) {
      JournalEntry entry = parsed.get();
      String formatted = JournalFormat.format(entry);
      assertThat(formatted).endsWith("\n");
      assertThat(JournalFormat.parse(formatted.substring(0, formatted.length() - 1)))
          .isEqualTo(entry);
    }
  }
}

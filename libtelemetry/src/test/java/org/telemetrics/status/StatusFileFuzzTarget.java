package org.telemetrics.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of the status file telemctl reads: a status or an StatusFormatException
 * naming the line; a status formats to text that parses back to it.
 */
class StatusFileFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(1 << 20, 64, StatusFormatException.class)
          .withMessage(m -> m.startsWith("status "));

  @FuzzTest
  void parse(byte[] input) throws StatusFormatException {
    String text = new String(input, StandardCharsets.UTF_8);
    Optional<DaemonStatus> status = CONTRACT.check(input.length, () -> StatusFile.parse(text));
    if (status.isPresent()) {
      assertThat(StatusFile.parse(StatusFile.format(status.get()))).isEqualTo(status.get());
    }
  }
}

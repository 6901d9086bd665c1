package org.telemetrics.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of the staged, queued and segment file reader: framing ({@code split},
 * {@code wholeEntries}) and decoding give entries or a {@link SpoolFormatException}; slices lie
 * within the file, back to back; a decoded entry survives an encode and decode.
 */
class SpoolFileFormatFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(1 << 20, 64, SpoolFormatException.class);
  private static final long FILE_TIME = 1_795_347_986_123L;

  @FuzzTest
  void decode(byte[] input) {
    CONTRACT
        .check(input.length, () -> SpoolFileFormat.split(input))
        .ifPresent(
            slices -> {
              int end = 0;
              for (SpoolFileFormat.Slice s : slices) {
                assertThat(s.offset()).isEqualTo(end);
                assertThat(s.length()).isPositive();
                end = s.offset() + s.length();
              }
              assertThat(end).isEqualTo(input.length);
            });

    SpoolFileFormat.WholeEntries whole =
        CONTRACT.check(input.length, () -> SpoolFileFormat.wholeEntries(input)).orElseThrow();
    assertThat(whole.count()).isNotNegative();
    assertThat(whole.length()).isBetween(0, input.length);

    List<SpoolEntry> entries =
        CONTRACT
            .check(input.length, () -> SpoolFileFormat.decodeAll(input, FILE_TIME))
            .orElse(List.of());
    for (SpoolEntry e : entries) {
      SpoolEntry again =
          CONTRACT
              .check(
                  input.length, () -> SpoolFileFormat.decode(SpoolFileFormat.encode(e), FILE_TIME))
              .orElseThrow();
      assertThat(again.recordId()).isEqualTo(e.recordId());
      assertThat(again.receivedAtMillis()).isEqualTo(e.receivedAtMillis());
      assertThat(again.record()).isEqualTo(e.record());
    }
  }
}

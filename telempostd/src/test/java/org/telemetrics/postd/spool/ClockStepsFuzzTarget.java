package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of {@code .clock-steps}: parsing returns its boot line and steps or
 * refuses the file with a message (it is then moved aside), keeps at most {@link
 * ClockSteps#MAX_STEPS}, each no longer than a century, and an offset within bounds, so the sums
 * RecordExpiry takes and the difference of two offsets cannot overflow; what it returns is written
 * back as it was read.
 */
class ClockStepsFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(1 << 16, 64, IllegalArgumentException.class)
          .withMessage(
              m ->
                  m.startsWith("a line is")
                      || m.startsWith("its last line")
                      || m.startsWith("a step longer")
                      || m.startsWith("the boot line"));

  @FuzzTest
  void parse(byte[] input) {
    CONTRACT
        .check(input.length, () -> ClockStepsFile.parse(input))
        .ifPresent(
            (ClockStepsFile.Contents kept) -> {
              assertThat(kept.steps()).hasSizeLessThanOrEqualTo(ClockSteps.MAX_STEPS);
              for (ClockSteps.Step s : kept.steps()) {
                assertThat(Math.abs(s.millis())).isLessThanOrEqualTo(RecordExpiry.MAX_MILLIS);
              }
              assertThat(Math.abs(kept.offsetMillis()))
                  .isLessThanOrEqualTo(ClockStepsFile.MAX_OFFSET_MILLIS);
              assertThat(kept.bootId().isEmpty() || ClockStepsFile.isBootId(kept.bootId()))
                  .isTrue();
              // what is read is written back the same way
              assertThat(ClockStepsFile.parse(ClockStepsFile.format(kept))).isEqualTo(kept);
            });
  }
}

package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of {@code .clock-steps}: parsing returns steps or refuses the file with a
 * message (it is then moved aside), keeps at most {@link ClockSteps#MAX_STEPS}, each no longer than
 * a century, so the sums RecordExpiry takes cannot overflow.
 */
class ClockStepsFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(1 << 16, 64, IllegalArgumentException.class)
          .withMessage(
              m ->
                  m.startsWith("a line is")
                      || m.startsWith("its last line")
                      || m.startsWith("a step longer"));

  @FuzzTest
  void parse(byte[] input) {
    CONTRACT
        .check(input.length, () -> ClockSteps.parse(input))
        .ifPresent(
            (List<ClockSteps.Step> steps) -> {
              assertThat(steps).hasSizeLessThanOrEqualTo(ClockSteps.MAX_STEPS);
              for (ClockSteps.Step s : steps) {
                assertThat(Math.abs(s.millis())).isLessThanOrEqualTo(RecordExpiry.MAX_MILLIS);
              }
            });
  }
}

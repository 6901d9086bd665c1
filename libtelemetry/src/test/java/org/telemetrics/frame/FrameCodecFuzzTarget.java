package org.telemetrics.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of the probe frame decoder (telemprobd's first look at a local peer's
 * bytes): a frame or a {@link FrameException}, within {@link FrameCodec#MAX_FRAME_SIZE} of
 * allocation and more; what is accepted survives an encode and decode unchanged.
 */
class FrameCodecFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(1 << 20, 32, FrameException.class);

  @FuzzTest
  void decode(byte[] input) {
    CONTRACT.check(input.length, () -> FrameCodec.declaredSize(input));
    CONTRACT
        .check(input.length, () -> FrameCodec.decode(input))
        .ifPresent(
            frame ->
                assertThat(
                        CONTRACT.check(
                            input.length, () -> FrameCodec.decode(FrameCodec.encode(frame))))
                    .contains(frame));
  }
}

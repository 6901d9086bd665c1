package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of the {@code .retry} sidecar: decoding never throws (an unreadable
 * sidecar counts as no attempts, the record is kept), attempts are never negative, and what one
 * encode writes decodes to a state that encodes the same again.
 */
class RetryStateFuzzTarget {
  private static final ParserContract CONTRACT = ParserContract.of(1 << 20, 64);

  @FuzzTest
  void decode(byte[] input) {
    RetryState state = CONTRACT.check(input.length, () -> RetryState.decode(input)).orElseThrow();
    assertThat(state.attempts()).isNotNegative();
    assertThat(state.lastError()).doesNotContain("\n");
    RetryState written = RetryState.decode(state.encode());
    assertThat(RetryState.decode(written.encode())).isEqualTo(written);
  }
}

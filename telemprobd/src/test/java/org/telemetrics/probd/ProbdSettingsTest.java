package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How long a connection waits for a slot before it is turned away. */
class ProbdSettingsTest {
  @Test
  void aConnectionWaitsHalfOfWhatAProbeWaitsForItsAnswerWithinTheConnectionTimeout() {
    assertThat(ProbdSettings.slotWaitMillis(2000, 5000)).isEqualTo(1000);
    assertThat(ProbdSettings.slotWaitMillis(60_000, 5000)).isEqualTo(5000);
    assertThat(ProbdSettings.slotWaitMillis(50, 5000)).isEqualTo(100);
    assertThat(ProbdSettings.slotWaitMillis(50, 100)).isEqualTo(100);
  }

  @Test
  void whenProbesAwaitNoAnswerAConnectionWaitsTheWholeConnectionTimeout() {
    // a refusal nobody reads would lose the record without a word
    assertThat(ProbdSettings.slotWaitMillis(0, 5000)).isEqualTo(5000);
  }
}

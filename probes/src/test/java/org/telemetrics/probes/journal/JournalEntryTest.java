package org.telemetrics.probes.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JournalEntryTest {
  @Test
  void takesTheTimestampOfAnEntry() {
    JournalEntry e =
        JournalEntry.of(Map.of("__CURSOR", "s=1;i=2", "__REALTIME_TIMESTAMP", "1795347986123456"));
    assertThat(e.realtimeMicros()).isEqualTo(1795347986123456L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "+1", "1.5", "9999999999999999999", "10000000000000000000"})
  void refusesATimestampThatIsNotOneTo18Digits(String ts) {
    assertThatThrownBy(
            () -> JournalEntry.of(Map.of("__CURSOR", "s=1;i=2", "__REALTIME_TIMESTAMP", ts)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no __REALTIME_TIMESTAMP of 1 to 18 digits");
  }
}

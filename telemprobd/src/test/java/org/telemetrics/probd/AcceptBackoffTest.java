package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptBackoffTest {
  @Test
  void waitsLongerAfterEachFailureAndGivesUpAfterABoundedNumber() {
    AcceptBackoff backoff = new AcceptBackoff();
    List<Long> waits = new ArrayList<>();
    long w;
    while ((w = backoff.failed()) >= 0) {
      waits.add(w);
    }
    assertThat(waits)
        .hasSize(AcceptBackoff.GIVE_UP_AFTER - 1)
        .startsWith(10L, 20L, 40L)
        .isSorted()
        .allMatch(x -> x <= AcceptBackoff.MAX_DELAY_MS);
    assertThat(waits.stream().mapToLong(Long::longValue).sum())
        .as("a dead socket ends the daemon within seconds")
        .isLessThan(10_000);
  }

  @Test
  void aSuccessStartsTheCountAgain() {
    AcceptBackoff backoff = new AcceptBackoff();
    for (int i = 0; i < AcceptBackoff.GIVE_UP_AFTER - 1; i++) {
      assertThat(backoff.failed()).isNotNegative();
    }
    backoff.succeeded();
    assertThat(backoff.failed()).isEqualTo(AcceptBackoff.FIRST_DELAY_MS);
  }
}

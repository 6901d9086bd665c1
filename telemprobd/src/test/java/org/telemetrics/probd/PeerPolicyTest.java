package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerPolicyTest {
  @Test
  void emptyListsAllowEveryone() {
    assertThat(new ProbdSettings.PeerPolicy(List.of(), List.of()).allows(1000, 1000, null))
        .isTrue();
  }

  @Test
  void aPeerPassesByUidOrByAnyOfItsGroups() {
    ProbdSettings.PeerPolicy p = new ProbdSettings.PeerPolicy(List.of(0L), List.of(27L));
    assertThat(p.allows(0, 0, null)).isTrue();
    assertThat(p.allows(1000, 27, null)).isTrue();
    assertThat(p.allows(1000, 1000, new long[] {4, 27})).isTrue();
    assertThat(p.allows(1000, 1000, new long[] {4})).isFalse();
    assertThat(p.allows(-1, -1, null)).isFalse(); // credentials unknown
  }
}

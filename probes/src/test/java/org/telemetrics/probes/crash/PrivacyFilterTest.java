package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.telemetrics.probes.crash.PrivacyFilter.Verdict;

class PrivacyFilterTest {
  private final PrivacyFilter c = new PrivacyFilter(true, List.of(), List.of());

  private static Verdict decide(PrivacyFilter f, String rawPath) {
    return f.decide(Optional.of(rawPath), rawPath.replace('!', '/'));
  }

  @Test
  void keepsTheFiltersOfTheCProbe() {
    assertThat(decide(c, "!usr!bin!crashme")).isEqualTo(Verdict.REPORT);
    assertThat(decide(c, "/usr/bin/crashme")).isEqualTo(Verdict.REPORT);
    assertThat(decide(c, "!builddir!build!BUILD!pkg!a.out")).isEqualTo(Verdict.CLR_BUILD);
    assertThat(decide(c, "/builddir/build/BUILD/pkg/a.out")).isEqualTo(Verdict.CLR_BUILD);
    assertThat(decide(c, "!opt!demo!crashme")).isEqualTo(Verdict.THIRD_PARTY);
    assertThat(decide(c, "!usr!local!bin!tool")).isEqualTo(Verdict.THIRD_PARTY);
    assertThat(decide(c, "!home!me!a.out")).isEqualTo(Verdict.THIRD_PARTY);
  }

  @Test
  void withoutAPathOrWithFiltersOffEverythingIsReported() {
    assertThat(c.decide(Optional.empty(), "crashme")).isEqualTo(Verdict.REPORT);
    PrivacyFilter off = new PrivacyFilter(false, List.of(), List.of());
    assertThat(decide(off, "!opt!demo!crashme")).isEqualTo(Verdict.REPORT);
  }

  @Test
  void denyGlobsWinOverAllowGlobs() {
    PrivacyFilter f =
        new PrivacyFilter(true, List.of("/usr/bin/*", "/usr/lib/**"), List.of("/usr/bin/secret*"));

    assertThat(decide(f, "!usr!bin!crashme")).isEqualTo(Verdict.REPORT);
    assertThat(decide(f, "!usr!lib!x86_64!helper")).isEqualTo(Verdict.REPORT);
    assertThat(decide(f, "!usr!bin!secret-agent")).isEqualTo(Verdict.IGNORE);
    assertThat(decide(f, "!usr!sbin!daemon")).isEqualTo(Verdict.IGNORE);
  }
}

package org.telemetrics.postd.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.telemetrics.spool.disk.DropReason;

class LossTallyTest {
  @Test
  void countsPerReasonWithTheRangeOfCreationTimesAndRoundTrips() {
    LossTally t =
        LossTally.NONE
            .plus(DropReason.SPOOL_FULL, 1, 1_000)
            .plus(DropReason.SPOOL_FULL, 1, 3_000)
            .plus(DropReason.EXPIRED, 1, 500);
    assertThat(t.total()).isEqualTo(3);
    assertThat(t.format())
        .isEqualTo(
            "lost: 3\noldest_created: 500\nnewest_created: 3000\n"
                + "reason.expired: 1\nreason.spool-full: 2\n");
    assertThat(LossTally.parse(t.format().getBytes(StandardCharsets.UTF_8))).contains(t);
    assertThat(t.merge(t).counts())
        .isEqualTo(Map.of(DropReason.SPOOL_FULL, 4L, DropReason.EXPIRED, 2L));
  }

  @Test
  void anythingElseIsNotATally() {
    assertThat(LossTally.parse("".getBytes())).isEmpty();
    assertThat(LossTally.parse("reason.cosmic-rays: 3\n".getBytes())).isEmpty();
    assertThat(LossTally.parse("reason.expired: x\n".getBytes())).isEmpty();
    assertThat(LossTally.parse(new byte[LossTally.MAX_BYTES + 1])).isEmpty();
    Random r = new Random(5);
    for (int i = 0; i < 300; i++) {
      byte[] junk = new byte[r.nextInt(100)];
      r.nextBytes(junk);
      LossTally.parse(junk); // never throws
    }
  }
}

package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.telemetrics.record.Ids;

class RecordIdsTest {
  int fills;
  final Random random = new Random(19);

  RecordIds ids =
      new RecordIds(
          bytes -> {
            fills++;
            random.nextBytes(bytes);
          });

  @Test
  void readsTheSourceOncePerBatchAndHandsOutEachSixteenBytesOnce() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 3 * RecordIds.BATCH_IDS; i++) {
      String id = ids.get();
      assertThat(Ids.isId(id)).isTrue();
      seen.add(id);
    }
    assertThat(seen).hasSize(3 * RecordIds.BATCH_IDS);
    assertThat(fills).isEqualTo(3);
    ids.get();
    assertThat(fills).isEqualTo(4);
  }

  @Test
  void theIdsAreTheSourcesBytesInOrder() {
    byte[] expected = new byte[RecordIds.BATCH_IDS * 16];
    new Random(19).nextBytes(expected);
    assertThat(ids.get()).isEqualTo(Ids.hex(java.util.Arrays.copyOfRange(expected, 0, 16)));
    assertThat(ids.get()).isEqualTo(Ids.hex(java.util.Arrays.copyOfRange(expected, 16, 32)));
  }

  @Test
  void theKernelsIdsAreIdsAndDiffer() {
    RecordIds kernel = RecordIds.fromKernel();
    String a = kernel.get();
    assertThat(Ids.isId(a)).isTrue();
    assertThat(kernel.get()).isNotEqualTo(a);
  }
}

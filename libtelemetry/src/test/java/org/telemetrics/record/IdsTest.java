package org.telemetrics.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.telemetrics.random.KernelRandom;

class IdsTest {
  @Test
  void idsAreThirtyTwoLowercaseHexAndDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Ids.random128();
      assertThat(Ids.isId(id)).as(id).isTrue();
      assertThat(seen.add(id)).as("repeated " + id).isTrue();
    }
  }

  @Test
  void theKernelGeneratorIsASecureRandomThatCoversEveryByteValue() {
    SecureRandom random = KernelRandom.create();
    byte[] bytes = new byte[64 * 1024];
    random.nextBytes(bytes);
    int[] counts = new int[256];
    for (byte b : bytes) {
      counts[b & 0xff]++;
    }
    // 256 expected per value; a stuck or badly biased source lands far outside
    for (int v = 0; v < 256; v++) {
      assertThat(counts[v]).as("byte value " + v).isBetween(128, 400);
    }
    assertThat(random.generateSeed(16)).hasSize(16);
  }
}

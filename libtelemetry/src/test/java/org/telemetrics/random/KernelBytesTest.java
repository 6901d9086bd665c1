package org.telemetrics.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelBytesTest {
  @TempDir Path dir;

  /** Counts of each byte value in 64 KiB: a stuck, short or biased source lands far outside. */
  static void assertCoversEveryByteValue(KernelBytes source) {
    byte[] bytes = new byte[64 * 1024];
    source.fill(bytes);
    int[] counts = new int[256];
    for (byte b : bytes) {
      counts[b & 0xff]++;
    }
    for (int v = 0; v < 256; v++) {
      assertThat(counts[v]).as("byte value " + v).isBetween(128, 400);
    }
  }

  @Test
  void theKernelsGeneratorFillsEveryByte() {
    assertCoversEveryByteValue(KernelBytes.open());
  }

  @Test
  void withoutTheDeviceTheJdksDefaultFills() {
    assertCoversEveryByteValue(KernelBytes.open(dir.resolve("no-such-device").toString()));
  }

  @Test
  void aDeviceThatEndsIsAnErrorNamingIt() throws Exception {
    Path shortFile = Files.write(dir.resolve("short"), new byte[8]);
    KernelBytes source = KernelBytes.open(shortFile.toString());
    assertThatThrownBy(() -> source.fill(new byte[16]))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot read " + shortFile);
  }
}

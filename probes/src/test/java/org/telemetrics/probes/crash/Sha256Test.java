package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our SHA-256 against the JDK's, so flood signatures stay those earlier versions stored. */
class Sha256Test {
  @Test
  void matchesTheJdkForEveryLengthAroundTheBlockBoundaries() throws Exception {
    Random random = new Random(19);
    MessageDigest jdk = MessageDigest.getInstance("SHA-256");
    for (int length = 0; length <= 300; length++) {
      byte[] message = new byte[length];
      random.nextBytes(message);
      assertThat(Sha256.digest(message)).as("length %d", length).isEqualTo(jdk.digest(message));
    }
  }

  @Test
  void knownVector() {
    assertThat(HexFormat.of().formatHex(Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void floodSignaturesAreTheOnesTheJdkDigestGave() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("/usr/bin/crashme".getBytes(StandardCharsets.UTF_8));
    for (String f :
        List.of("crash_here@/usr/bin/crashme", "main@/usr/bin/crashme", "caf\u00e9@x")) {
      sha.update((byte) '\n');
      sha.update(f.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(
            FloodControl.signature(
                "/usr/bin/crashme",
                List.of("crash_here@/usr/bin/crashme", "main@/usr/bin/crashme", "caf\u00e9@x")))
        .isEqualTo(HexFormat.of().formatHex(sha.digest(), 0, 16));
  }
}

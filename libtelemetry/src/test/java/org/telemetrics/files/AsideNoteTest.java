package org.telemetrics.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AsideNoteTest {
  @Test
  void aDeadLetterNoteRoundTrips() {
    AsideNote n =
        AsideNote.deadLetter(
            "0123456789abcdef0123456789abcdef",
            "400",
            "HTTP 400 bad\nclassification",
            "2026-12-04T18:00:00Z",
            3);
    String text = new String(n.format(), StandardCharsets.UTF_8);
    assertThat(text)
        .isEqualTo(
            "record_id: 0123456789abcdef0123456789abcdef\nstatus: 400\n"
                + "reason: HTTP 400 bad classification\ntime: 2026-12-04T18:00:00Z\nattempts: 3\n");
    assertThat(AsideNote.parse(n.format())).isEqualTo(n);
    assertThat(n.describe()).isEqualTo(" (status 400: HTTP 400 bad classification)");
  }

  @Test
  void aQuarantineNoteNamesItsSource() {
    AsideNote n =
        AsideNote.quarantined(
            "/var/spool/telemetry/queue/x", "checksum mismatch", "2026-12-04T18:00:00Z");
    assertThat(new String(n.format(), StandardCharsets.UTF_8))
        .startsWith("source: /var/spool/telemetry/queue/x\nreason: checksum mismatch\n");
    assertThat(AsideNote.parse(n.format())).isEqualTo(n);
  }

  @Test
  void controlCharactersNeverReachALineAndGarbageParsesToNothingHarmful() {
    AsideNote n =
        AsideNote.parse(
            "status: 4\u007f00\r\nreason: a\u0000b\u001b[31m\n".getBytes(StandardCharsets.UTF_8));
    assertThat(n.status()).isEqualTo("4 00");
    assertThat(n.reason()).isEqualTo("a b [31m");
    assertThat(AsideNote.parse(new byte[AsideNote.MAX_BYTES + 1]).describe()).isEmpty();
    Random r = new Random(7);
    for (int i = 0; i < 300; i++) {
      byte[] junk = new byte[r.nextInt(300)];
      r.nextBytes(junk);
      assertThat(AsideNote.parse(junk).describe()).doesNotContainPattern("\\p{Cntrl}");
    }
  }
}

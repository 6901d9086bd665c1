package org.telemetrics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MachineIdsTest {
  static String parse(String text) {
    return MachineIds.parseStatic(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void theStaticIdIsTheStrippedFirstLineOfAtMost32Bytes() {
    assertThat(parse("fleet-node-17\nsecond line\n")).isEqualTo("fleet-node-17");
    assertThat(parse("  padded id  \n")).isEqualTo("padded id");
    assertThat(parse("0123456789abcdef0123456789abcdef-and-more")).hasSize(32);
    assertThat(parse("\nid on the second line")).isNull();
    assertThat(parse("")).isNull();
  }

  @Test
  void controlOrNonAsciiCharactersMakeTheFileUnusable() {
    assertThatThrownBy(() -> parse("bad\u0007id")).hasMessageContaining("not printable ASCII");
    assertThatThrownBy(() -> parse("caf\u00e9")).hasMessageContaining("not printable ASCII");
  }
}

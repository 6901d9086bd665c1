package org.telemetrics.probes.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonEscapesTest {

  @Test
  void decodesFourHexDigitsOfEitherCaseWhereTheyStand() {
    assertThat(JsonEscapes.fourHexDigits("\\u00e9", 2)).isEqualTo(0xe9);
    assertThat(JsonEscapes.fourHexDigits("x00E9y", 1)).isEqualTo(0xe9);
    assertThat(JsonEscapes.fourHexDigits("ffff", 0)).isEqualTo(0xffff);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+041", // Integer.parseInt takes a sign
        "-041",
        "\u0661\u0662\u0663\u0664", // Arabic-Indic digits: Character.digit takes them
        "\uff21\uff22\uff23\uff24", // full-width A-D, the same
        "00g0",
        "0 41",
        "012" // cut short
      })
  void refusesWhatIsNotFourAsciiHexDigits(String digits) {
    assertThat(JsonEscapes.fourHexDigits(digits, 0)).isEqualTo(-1);
  }
}

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

  @Test
  void findsTheLowSurrogatesEscapeThatCompletesAPair() {
    assertThat(JsonEscapes.lowSurrogateEscape("\\ud83d\\ude00", 6)).isEqualTo(0xde00);
    assertThat(JsonEscapes.lowSurrogateEscape("\\ud83d\\u00e9", 6)).isEqualTo(-1); // not low
    assertThat(JsonEscapes.lowSurrogateEscape("\\ud83d\\ud83d", 6)).isEqualTo(-1); // high
    assertThat(JsonEscapes.lowSurrogateEscape("\\ud83dx\\ude00", 6)).isEqualTo(-1);
    assertThat(JsonEscapes.lowSurrogateEscape("\\ud83d\\ude0", 6)).isEqualTo(-1); // cut
    assertThat(JsonEscapes.lowSurrogateEscape("\\ud83d\\", 6)).isEqualTo(-1);
  }
}

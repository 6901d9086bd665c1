package org.telemetrics.postd.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain ascii\n",
        "caf\u00e9",
        "\u20ac 5",
        "\ud83d\ude00 smile",
        "lone \ud83d high",
        "lone \ude00 low",
        "end \ud83d",
        "\u07ff\u0800\uffff"
      })
  void countsWhatGetBytesWouldEncode(String s) {
    assertThat(Utf8.length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
  }
}

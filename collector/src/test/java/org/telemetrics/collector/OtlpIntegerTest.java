package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpIntegerTest {
  @Test
  void readsInt64AndFixed64InDecimal() {
    assertThat(OtlpLogsDecoder.int64("1795347992000000000")).isEqualTo(1795347992000000000L);
    assertThat(OtlpLogsDecoder.int64(" -42 ")).isEqualTo(-42);
    assertThat(OtlpLogsDecoder.int64("18446744073709551615")).isEqualTo(-1); // 2^64 - 1 wraps
    assertThat(OtlpLogsDecoder.int64(null)).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "+1",
        "1.5",
        "1e9",
        "0x10",
        "\u0661\u0662\u0663", // Arabic-Indic digits, which BigInteger takes
        "123456789012345678901" // 21 digits
      })
  void refusesWhatIsNotAnIntegerOfAtMost20Digits(String text) {
    assertThatThrownBy(() -> OtlpLogsDecoder.int64(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("is not an integer (at most 20 digits, 0-9)");
  }

  @Test
  void aTimestampOfAMillionDigitsIsRefusedAtOnceAndNotEchoedWhole() {
    String body =
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\""
            + "7".repeat(1_000_000)
            + "\"}]}]}]}";

    assertThatThrownBy(() -> OtlpLogsDecoder.json(body.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + "7".repeat(40) + "...\" is not an integer (at most 20 digits, 0-9)");
  }
}

package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void controlCharactersDelAndReplacementCharactersAreEscaped() {
    assertThat(LogText.escape("Unexpected status line: HTTP/1.1 2\u007f0\r\n\u001b[2J\ufffd\\"))
        .isEqualTo("Unexpected status line: HTTP/1.1 2\\x7f0\\x0d\\x0a\\x1b[2J\\ufffd\\\\");
    assertThat(LogText.escape("x".repeat(1000))).hasSize(LogText.MAX_CHARS + 3);
  }
}

package org.telemetrics.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalScannerTest {
  final List<String> lines = new ArrayList<>();
  final JournalScanner scanner = new JournalScanner((text, entry) -> lines.add(text));

  static String line(int n) {
    return JournalFormat.format(
        new JournalEntry(
            String.format("%032x", n),
            1795348131L + n,
            "a/b/n" + n,
            String.format("%032x", n),
            "boot",
            Optional.of("delivered")));
  }

  @Test
  void linesMaySpanPiecesOfAnySize() {
    byte[] bytes = (line(1) + "\n" + line(2) + line(3)).getBytes(UTF_8);
    for (int i = 0; i < bytes.length; i += 7) {
      scanner.feed(ByteBuffer.wrap(bytes, i, Math.min(7, bytes.length - i)));
    }
    assertThat(lines).containsExactly(strip(line(1)), strip(line(2)), strip(line(3)));
    assertThat(scanner.damaged()).isZero();
    assertThat(scanner.inLine()).isFalse();
  }

  @Test
  void damagedLinesAreCountedAndTheFirstCauseKept() {
    byte[] bad = line(2).getBytes(UTF_8);
    bad[3] = (byte) 0xc3;
    feed(line(1));
    scanner.feed(ByteBuffer.wrap(bad));
    feed("x".repeat(JournalFormat.MAX_LINE + 1) + "\n" + "a\u001b[31m\n" + line(3) + "\0\0\0");
    scanner.finishTorn();

    assertThat(lines).containsExactly(strip(line(1)), strip(line(3)));
    assertThat(scanner.damaged()).isEqualTo(4);
    assertThat(scanner.firstDamage()).contains("a line is not valid UTF-8");
  }

  @Test
  void anOverLongLineIsNeverKeptWhole() {
    feed(line(1));
    ByteBuffer nul = ByteBuffer.allocate(1 << 20);
    for (int i = 0; i < 64; i++) { // 64 MiB of NUL through a 1 KiB line buffer
      scanner.feed(nul.clear());
    }
    assertThat(scanner.pendingBytes()).isEqualTo(64L << 20);
    feed("\n" + line(2));
    assertThat(lines).containsExactly(strip(line(1)), strip(line(2)));
    assertThat(scanner.firstDamage()).contains("a line is longer than 1024 bytes");
  }

  @Test
  void aReaderStartingInsideTheFileSkipsTheFragmentItDidNotSeeWhole() {
    scanner.skipToNextLine();
    feed("tail of a line\n" + line(1));
    assertThat(lines).containsExactly(strip(line(1)));
    assertThat(scanner.damaged()).isZero();
  }

  @Test
  void messagesQuoteNoControlCharacters() {
    feed("00000000000000000000000000000001\u001e12\u001b]0;x\u0007\u001ea/b/c\u001eid\u001eboot\n");
    assertThat(scanner.firstDamage())
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .startsWith("a line is not a journal line (")
                    .doesNotContain("\u001b", "\u0007"));
  }

  private void feed(String s) {
    scanner.feed(ByteBuffer.wrap(s.getBytes(UTF_8)));
  }

  private static String strip(String line) {
    return line.substring(0, line.length() - 1);
  }
}

package org.telemetrics.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalFormatTest {
  static final String C_LINE =
      "e1c7c2b88dce3f9b49ffb1d555447e7e\0361795348131\036org.example/exp/B"
          + "\036bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\0368de32992-cc3c-40b3-bc78-a897b944d07f";

  @Test
  void readsTheCLineAndWritesItBack() throws JournalFormatException {
    JournalEntry e = JournalFormat.parse(C_LINE);
    assertThat(e)
        .isEqualTo(
            new JournalEntry(
                "e1c7c2b88dce3f9b49ffb1d555447e7e",
                1795348131L,
                "org.example/exp/B",
                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                "8de32992-cc3c-40b3-bc78-a897b944d07f",
                Optional.empty()));
    assertThat(JournalFormat.format(e)).isEqualTo(C_LINE + "\n");
    assertThat(JournalFormat.parse(C_LINE + "\036delivered").outcome()).hasValue("delivered");
  }

  @Test
  void rejectsControlCharactersAReaderWouldPrint() {
    assertThatThrownBy(() -> JournalFormat.parse(C_LINE + "\036ok\033[2J"))
        .hasMessage("journal outcome contains a control character");
    assertThatThrownBy(() -> JournalFormat.parse(C_LINE.replace("8de3", "8\r3")))
        .hasMessage("journal boot id contains a control character");
  }
}

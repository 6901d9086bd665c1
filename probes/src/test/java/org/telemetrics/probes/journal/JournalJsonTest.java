package org.telemetrics.probes.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JournalJsonTest {
  @Test
  void readsStringsWithTheirEscapes() {
    Map<String, String> f =
        JournalJson.parse(
            "{ \"__CURSOR\" : \"s=1;i=2\", \"MESSAGE\" : \"a \\\"b\\\"\\n\\u00e9\\\\\" }");

    assertThat(f).containsEntry("__CURSOR", "s=1;i=2").containsEntry("MESSAGE", "a \"b\"\né\\");
  }

  @Test
  void readsBinaryFieldsAsUtf8AndTheFirstOfRepeatedOnes() {
    Map<String, String> f =
        JournalJson.parse(
            "{\"MESSAGE\":[104,105,27],\"UNIT\":[\"a.service\",\"b.service\"],\"BIG\":null}");

    assertThat(f)
        .containsEntry("MESSAGE", "hi\u001b")
        .containsEntry("UNIT", "a.service")
        .doesNotContainKey("BIG");
  }

  @Test
  void readsAnUnpairedSurrogateAsTheReplacementCharacterAndAPairAsOneCharacter() {
    Map<String, String> f =
        JournalJson.parse(
            "{\"A\":\"x\\ud800y\",\"B\":\"\\udc00\",\"C\":\"\\ud800\\ud83d\\ude00\"}");

    assertThat(f)
        .containsEntry("A", "x\uFFFDy")
        .containsEntry("B", "\uFFFD")
        .containsEntry("C", "\uFFFD\uD83D\uDE00"); // a high one, then a pair (an emoji)
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{",
        "{\"a\"}",
        "{\"a\":1}",
        "{\"a\":\"b\"} x",
        "{\"a\":[256]}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\u+041\"}",
        "{\"a\":\"\\u-041\"}",
        "{\"a\":\"b\",}",
        "{\"a\":[1,]}"
      })
  void refusesWhatIsNotAnEntry(String line) {
    assertThatThrownBy(() -> JournalJson.parse(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a journal entry");
  }
}

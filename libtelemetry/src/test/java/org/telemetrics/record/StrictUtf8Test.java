package org.telemetrics.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** StrictUtf8 accepts and refuses exactly what the JDK's strict UTF-8 decoder does. */
class StrictUtf8Test {
  /** The JDK's strict decoder's answer: the text, or null where it refuses the bytes. */
  static String jdkStrict(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static String ours(byte[] bytes) {
    try {
      return StrictUtf8.decode(bytes);
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void asciiAndValidUtf8AreDecoded() throws Exception {
    assertThat(StrictUtf8.decode(new byte[0])).isEmpty();
    assertThat(StrictUtf8.decode("hello\n\t\u007f".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("hello\n\t\u007f");
    String mixed = "caf\u00e9 \u20ac \ud83d\ude00 \u0000";
    assertThat(StrictUtf8.decode(mixed.getBytes(StandardCharsets.UTF_8))).isEqualTo(mixed);
  }

  @Test
  void whatTheStrictDecoderRefusesIsRefused() {
    List<byte[]> refused =
        List.of(
            bytes('a', 0x80), // a lone continuation byte
            bytes(0xc3), // a sequence cut short
            bytes(0xc0, 0xaf), // an overlong '/'
            bytes(0xed, 0xa0, 0x80), // a surrogate
            bytes(0xf4, 0x90, 0x80, 0x80), // above U+10FFFF
            bytes(0xff));
    for (byte[] b : refused) {
      assertThat(jdkStrict(b)).isNull();
      assertThatThrownBy(() -> StrictUtf8.decode(b)).isInstanceOf(CharacterCodingException.class);
    }
  }

  @Test
  void randomBytesGetTheJdkDecodersAnswer() {
    Random random = new Random(19);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[random.nextInt(12)];
      for (int j = 0; j < b.length; j++) {
        // mostly ASCII, with lead and continuation bytes mixed in
        b[j] = (byte) (random.nextInt(4) == 0 ? 0x80 + random.nextInt(0x80) : random.nextInt(0x80));
      }
      assertThat(ours(b)).as("bytes %s", Arrays.toString(b)).isEqualTo(jdkStrict(b));
    }
  }

  @Test
  void aRangeIsDecodedAloneWhateverSurroundsIt() throws Exception {
    byte[] b = bytes(0xff, 'o', 'k', 0xc3, 0xa9, 0xff);
    assertThat(StrictUtf8.decode(b, 1, 2)).isEqualTo("ok");
    assertThat(StrictUtf8.decode(b, 1, 4)).isEqualTo("ok\u00e9");
    assertThatThrownBy(() -> StrictUtf8.decode(b, 1, 3))
        .isInstanceOf(CharacterCodingException.class); // a sequence cut short by the range
    assertThatThrownBy(() -> StrictUtf8.decode(b, 0, 3))
        .isInstanceOf(CharacterCodingException.class);
  }
}

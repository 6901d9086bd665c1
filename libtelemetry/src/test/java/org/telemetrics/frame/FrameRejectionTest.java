package org.telemetrics.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.telemetrics.testing.GoldenVectors;

/** Every malformed frame is refused with its own reason, and nothing else escapes the decoder. */
class FrameRejectionTest {
  static byte[] valid() throws Exception {
    return GoldenVectors.bytes("wire/c-frame-392.bin");
  }

  static byte[] withInt(byte[] frame, int offset, int value) {
    byte[] copy = frame.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    return copy;
  }

  static String reason(byte[] frame) {
    try {
      FrameCodec.decode(frame);
      return "accepted";
    } catch (FrameException e) {
      return e.getMessage();
    }
  }

  @Test
  void sizeFieldProblems() throws Exception {
    assertThat(reason(new byte[3])).contains("shorter than its 4-byte size");
    assertThat(reason(withInt(valid(), 0, 4))).contains("too small");
    assertThat(reason(withInt(valid(), 0, 0))).contains("too small");
    assertThat(reason(withInt(valid(), 0, FrameCodec.MAX_FRAME_SIZE + 1))).isNotEqualTo("accepted");
    assertThat(reason(withInt(valid(), 0, 391))).isNotEqualTo("accepted");
    assertThat(reason(Arrays.copyOf(valid(), 391))).isNotEqualTo("accepted");
  }

  @Test
  void headerSizeOutOfRange() throws Exception {
    assertThat(reason(withInt(valid(), 4, 0))).contains("header size");
    assertThat(reason(withInt(valid(), 4, 100_000))).contains("header size");
    assertThat(reason(withInt(valid(), 4, -1))).contains("header size");
  }

  @Test
  void missingNul() throws Exception {
    byte[] f = valid();
    f[f.length - 1] = 'x';
    assertThat(reason(f)).contains("NUL");
  }

  @Test
  void misorderedOrMisspelledHeaders() throws Exception {
    String text = new String(valid(), StandardCharsets.ISO_8859_1);
    byte[] misspelled =
        text.replace("classification:", "classificatioo:").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(reason(misspelled)).contains("classification");
    byte[] swapped =
        text.replace("arch: x86_64\nhost_type", "host_type: x86_64\narch")
            .replace("host_type: no_sv", "arch: no_sv")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(reason(swapped)).isNotEqualTo("accepted");
  }

  @Test
  void relativeConfigPathIsRefused() throws Exception {
    byte[] cfg = "CFG:etc/x\0".getBytes(StandardCharsets.US_ASCII);
    byte[] base = valid();
    ByteBuffer b = ByteBuffer.allocate(base.length + cfg.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(base.length + cfg.length).put(cfg).put(base, 4, base.length - 4);
    assertThat(reason(b.array())).contains("not absolute");
  }

  @Test
  void randomMutationsOnlyEverGiveFrameExceptions() throws Exception {
    byte[] base = valid();
    Random random = new Random(20261130L);
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] f = base.clone();
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        f[random.nextInt(f.length)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(8) == 0) {
        f = Arrays.copyOf(f, random.nextInt(f.length + 1));
      }
      try {
        FrameCodec.decode(f);
        accepted++;
      } catch (FrameException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThat(accepted).isLessThan(20_000);
  }

  @Test
  void theDeclaredSizeIsCheckedBeforeAnythingIsRead() {
    assertThatThrownBy(
            () -> FrameCodec.declaredSize(withInt(new byte[4], 0, FrameCodec.MAX_FRAME_SIZE + 1)))
        .isInstanceOf(FrameException.class);
  }
}

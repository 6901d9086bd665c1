package org.telemetrics.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.GoldenVectors;

/** The three frames captured from C probes, read from their hex dumps. */
class CClientFramesTest {
  private static final Pattern HEX_LINE =
      Pattern.compile("^[0-9a-f]{8}  ((?:[0-9a-f]{2} {1,2})+)\\s*\\|");

  static List<byte[]> frames() throws Exception {
    String text =
        new String(GoldenVectors.bytes("wire/c-client-frames.txt"), StandardCharsets.US_ASCII);
    List<byte[]> frames = new ArrayList<>();
    ByteArrayOutputStream current = null;
    for (String line : text.split("\n")) {
      Matcher m = HEX_LINE.matcher(line);
      if (m.find()) {
        if (line.startsWith("00000000")) {
          current = new ByteArrayOutputStream();
          frames.add(null);
        }
        for (String hex : m.group(1).trim().split("\\s+")) {
          current.write(Integer.parseInt(hex, 16));
        }
        frames.set(frames.size() - 1, current.toByteArray());
      }
    }
    return frames;
  }

  @Test
  void decodesEveryCapturedFrameFieldForFieldAndReencodesItExactly() throws Exception {
    List<byte[]> frames = frames();
    assertThat(frames).hasSize(3);
    assertThat(frames).extracting(f -> f.length).containsExactly(417, 446, 451);

    Frame hello = FrameCodec.decode(frames.get(0));
    assertThat(hello.configPath()).isEmpty();
    assertThat(hello.record().classification()).isEqualTo("org.clearlinux/hello/world");
    assertThat(hello.record().eventId()).isEqualTo("beb663772d882121cbe8e7fc0f73ce43");
    assertThat(hello.record().payload()).isEqualTo("hello\n");

    TelemetryRecord gen = FrameCodec.decode(frames.get(1)).record();
    assertThat(gen.classification()).isEqualTo("org.example/anchor/test");
    assertThat(gen.severity()).isEqualTo("2");
    assertThat(gen.creationTimestamp()).isEqualTo("1795347255");
    assertThat(gen.payload()).isEqualTo("anchor payload line1\nline2 with spaces");

    Frame withConfig = FrameCodec.decode(frames.get(2));
    assertThat(withConfig.configPath()).contains("/etc/telemetrics/a.cf");
    assertThat(withConfig.record().classification()).isEqualTo("org.example/anchor/cfgtest");
    assertThat(withConfig.record().payload()).isEqualTo("with -f config");

    for (byte[] frame : frames) {
      assertThat(FrameCodec.encode(FrameCodec.decode(frame))).isEqualTo(frame);
    }
  }

  @Test
  void theConfigFieldSitsBetweenSizeAndHeaderSize() throws Exception {
    byte[] frame = frames().get(2);
    assertThat(new String(frame, 4, 26, StandardCharsets.US_ASCII))
        .isEqualTo("CFG:/etc/telemetrics/a.cf\0");
    assertThat(
            FrameCodec.encode(
                new Frame(Optional.of("/etc/telemetrics/a.cf"), FrameCodec.decode(frame).record())))
        .isEqualTo(frame);
  }
}

package org.telemetrics.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.GoldenVectors;

class CFrameGoldenTest {
  @Test
  void decodesTheCapturedCFrameFieldForField() throws Exception {
    Frame frame = FrameCodec.decode(GoldenVectors.bytes("wire/c-frame-392.bin"));

    TelemetryRecord r = frame.record();
    assertThat(frame.configPath()).isEmpty();
    assertThat(r.recordFormatVersion()).isEqualTo("4");
    assertThat(r.classification()).isEqualTo("a/b/c");
    assertThat(r.severity()).isEqualTo("1");
    assertThat(r.machineId()).isEqualTo("FFFFFFFF");
    assertThat(r.creationTimestamp()).isEqualTo("1795347986");
    assertThat(r.arch()).isEqualTo("x86_64");
    assertThat(r.hostType()).isEqualTo("no_sv_file|no_pn_file|no_pvr_file");
    assertThat(r.build()).isEqualTo("\"12\"");
    assertThat(r.kernelVersion()).isEqualTo("6.18.44-fc-v657");
    assertThat(r.payloadFormatVersion()).isEqualTo("1");
    assertThat(r.systemName()).isEqualTo("debian");
    assertThat(r.boardName()).isEqualTo("no_bn_file|no_bv_file");
    assertThat(r.cpuModel()).isEqualTo("AMD EPYC");
    assertThat(r.biosVersion()).isEqualTo("no_bv_file");
    assertThat(r.eventId()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(r.payload()).isEqualTo("hi");
  }

  @Test
  void encoderReproducesTheCapturedCFrameByteForByte() throws Exception {
    byte[] captured = GoldenVectors.bytes("wire/c-frame-392.bin");
    TelemetryRecord record = FrameCodec.decode(captured).record();

    assertThat(FrameCodec.encode(new Frame(Optional.empty(), record))).isEqualTo(captured);
  }
}

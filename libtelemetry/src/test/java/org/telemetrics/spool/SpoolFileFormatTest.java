package org.telemetrics.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.Ids;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;

/** Files of several entries back to back, as telemprobd's segments hold them. */
class SpoolFileFormatTest {
  private static final HostInfo HOST =
      new HostInfo("x86_64", "a|b|c", "12", "6.1", "debian", "bn", "cpu", "bv");

  private static SpoolEntry entry(String payload) {
    TelemetryRecord r =
        RecordBuilder.create("org.example/spool/test", HOST).payload(payload).build();
    return SpoolEntry.of(Ids.random128(), 1_795_000_000_000L, r);
  }

  private static byte[] concat(SpoolEntry... entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (SpoolEntry e : entries) {
      out.writeBytes(SpoolFileFormat.encode(e));
    }
    return out.toByteArray();
  }

  @Test
  void splitsEntriesWrittenBackToBackAndDecodesEach() throws Exception {
    SpoolEntry a = entry("first");
    SpoolEntry b = entry("second, with ünïcödé\nand lines");
    SpoolEntry c = entry("");
    byte[] file = concat(a, b, c);
    List<SpoolFileFormat.Slice> slices = SpoolFileFormat.split(file);
    assertThat(slices).hasSize(3);
    assertThat(slices.get(0).offset()).isZero();
    assertThat(slices.get(2).offset() + slices.get(2).length()).isEqualTo(file.length);
    assertThat(SpoolFileFormat.decode(slices.get(1).of(file), 0)).isEqualTo(b);
    assertThat(SpoolFileFormat.decodeAll(file, 0)).containsExactly(a, b, c);
  }

  @Test
  void aSingleEntryAndACClientFileAreOneSliceEach() throws Exception {
    byte[] one = SpoolFileFormat.encode(entry("x"));
    assertThat(SpoolFileFormat.split(one))
        .containsExactly(new SpoolFileFormat.Slice(0, one.length));
    TelemetryRecord r = entry("y").record();
    byte[] c = (r.headerText() + r.payload() + "\n").getBytes(StandardCharsets.UTF_8);
    assertThat(SpoolFileFormat.split(c)).containsExactly(new SpoolFileFormat.Slice(0, c.length));
  }

  @Test
  void rejectsATruncatedOrAppendedToFileWithTheReason() {
    byte[] file = concat(entry("first"), entry("second"));
    assertThatThrownBy(() -> SpoolFileFormat.split(Arrays.copyOf(file, file.length - 3)))
        .isInstanceOf(SpoolFormatException.class)
        .hasMessageContaining("truncated");
    byte[] appended = Arrays.copyOf(file, file.length + 5);
    assertThatThrownBy(() -> SpoolFileFormat.split(appended))
        .isInstanceOf(SpoolFormatException.class)
        .hasMessageContaining("appended to");
    byte[] huge =
        new String(file, StandardCharsets.UTF_8)
            .replaceFirst("length: \\d+", "length: 99999999999999999999")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SpoolFileFormat.split(huge))
        .isInstanceOf(SpoolFormatException.class)
        .hasMessageContaining("bad value for length");
    byte[] unterminated =
        SpoolFileFormat.MAGIC.concat("record_id: x\nlength: 3\n").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SpoolFileFormat.split(unterminated))
        .isInstanceOf(SpoolFormatException.class)
        .hasMessageContaining("not terminated");
  }

  @Test
  void wholeEntriesStopsAtAnUnfinishedOrCorruptEntry() {
    SpoolEntry c = entry("c");
    byte[] file = concat(entry("a"), entry("b"), c);
    int twoEntries = file.length - SpoolFileFormat.encode(c).length;
    for (int cut = twoEntries; cut < file.length; cut += 7) {
      assertThat(SpoolFileFormat.wholeEntries(Arrays.copyOf(file, cut)))
          .isEqualTo(new SpoolFileFormat.WholeEntries(2, twoEntries));
    }
    assertThat(SpoolFileFormat.wholeEntries(file))
        .isEqualTo(new SpoolFileFormat.WholeEntries(3, file.length));
    byte[] corrupt = file.clone();
    corrupt[file.length - 2] ^= 1; // the last payload: its checksum no longer matches
    assertThat(SpoolFileFormat.wholeEntries(corrupt).count()).isEqualTo(2);
    assertThat(SpoolFileFormat.wholeEntries(new byte[0]).count()).isZero();
  }
}

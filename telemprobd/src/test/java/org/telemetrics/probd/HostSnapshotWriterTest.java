package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostSnapshotWriterTest {
  @Test
  void oshiValuesReplacePlaceholdersOnlyWhenOshiKnowsThem() {
    assertThat(HostSnapshotWriter.known("unknown", "no_sv_file")).isEqualTo("no_sv_file");
    assertThat(HostSnapshotWriter.known("", "no_bv_file")).isEqualTo("no_bv_file");
    assertThat(HostSnapshotWriter.known(null, "blank")).isEqualTo("blank");
    assertThat(HostSnapshotWriter.known(" Dell Inc. ", "no_sv_file")).isEqualTo("Dell Inc.");
    // the separator of host_type and board_name, and control characters, cannot come through
    assertThat(HostSnapshotWriter.known("a|b\u0007", "x")).isEqualTo("a?b?");
    assertThat(HostSnapshotWriter.known("y".repeat(300), "x")).hasSize(78);
  }
}

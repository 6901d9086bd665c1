package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.record.Ids;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * telemprobd acknowledges a record once it is synced in the open segment in {@code tmp/}, and seals
 * the segment into {@code staging/} within 20 ms. Killed in between, it leaves acknowledged records
 * in {@code tmp/}; under systemd its next start waits for the next probe, so {@code telemprobd
 * --recover} (telemprobd-recover.service, at boot) stages them. Real JVMs, so the lock that keeps a
 * recovery run off a running daemon's segments is the kernel's between processes.
 */
@Timeout(240)
class KilledBeforeSealTest {
  private static final String TELEMPROBD = "org.telemetrics.probd.Telemprobd";

  @TempDir Path dir;

  @Test
  void recordsAcknowledgedButNotSealedWhenTelemprobdIsKilledAreStagedByARecoveryRun()
      throws Exception {
    TestRoot root = Daemons.root(dir, "");
    Layout layout = root.layout();
    List<String> unsealed = new ArrayList<>();
    try (Daemons daemons = Daemons.of(root)) {
      // the kill must land inside the 20 ms before the seal; a try that misses is sealed already
      for (int i = 0; i < 30 && unsealed.isEmpty(); i++) {
        daemons.probd.start();
        daemons.send(daemons.client(), i);
        daemons.probd.kill9();
        unsealed.addAll(idsIn(layout.tmpDir()));
      }
    }
    assertThat(unsealed).as("a kill within 20 ms of an acknowledgement, in 30 tries").isNotEmpty();

    JavaProcess.Result r = recover(root, "recover.out");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("staged " + unsealed.size() + " acknowledged records");
    assertThat(idsIn(layout.tmpDir())).isEmpty();
    assertThat(idsIn(layout.stagingDir())).containsAll(unsealed);
  }

  @Test
  void aRecoveryRunLeavesTheSegmentsOfARunningTelemprobdAlone() throws Exception {
    TestRoot root = Daemons.root(dir, "");
    Layout layout = root.layout();
    try (Daemons daemons = Daemons.of(root)) {
      daemons.probd.start();
      // a segment the running daemon could be filling
      String id = Ids.random128();
      Path segment = layout.tmpDir().resolve(id + ".segment");
      Files.write(segment, Corpus.encode(Corpus.entry(id, "p")));

      JavaProcess.Result beside = recover(root, "recover-beside.out");
      assertThat(beside.exitCode()).as(beside.output()).isZero();
      assertThat(beside.output()).contains("telemprobd is running on");
      assertThat(segment).exists();

      assertThat(daemons.probd.stop()).isZero();
      JavaProcess.Result after = recover(root, "recover-after.out");
      assertThat(after.exitCode()).as(after.output()).isZero();
      assertThat(segment).doesNotExist();
      assertThat(idsIn(layout.stagingDir())).contains(id);
    }
  }

  private JavaProcess.Result recover(TestRoot root, String output) {
    return JavaProcess.run(
        TELEMPROBD, List.of("--recover"), root.env(), dir.resolve(output), Duration.ofSeconds(60));
  }

  /** The record ids of the spool files in {@code d}. */
  private static List<String> idsIn(Path d) throws IOException {
    return Daemons.spoolEntries(d).stream().map(SpoolEntry::recordId).toList();
  }
}

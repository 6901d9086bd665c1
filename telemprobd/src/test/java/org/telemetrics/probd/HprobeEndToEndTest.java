package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** The real probe and the real daemon, each in its own JVM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HprobeEndToEndTest {
  static final String HPROBE = "org.telemetrics.probes.hello.Hprobe";

  @TempDir Path tmp;

  @Test
  void hprobeRecordIsStagedWithTheStampedMachineId() throws Exception {
    TestRoot root = TestRoot.create(tmp);
    ProbdFixture.presetHostSnapshot(root);
    try (JavaProcess probd = ProbdFixture.start(root)) {
      JavaProcess.Result hprobe =
          JavaProcess.run(
              HPROBE, List.of(), root.env(), tmp.resolve("hprobe.log"), Duration.ofSeconds(60));

      assertThat(hprobe.exitCode()).as(hprobe.output()).isZero();
      List<SpoolEntry> staged = ProbdFixture.staged(root);
      assertThat(staged).hasSize(1);
      SpoolEntry entry = staged.get(0);
      assertThat(entry.record().classification()).isEqualTo("org.clearlinux/hello/world");
      assertThat(entry.record().machineId())
          .isEqualTo(Files.readString(root.layout().machineIdFile()))
          .isNotEqualTo("FFFFFFFF");
      assertThat(entry.peer()).isPresent();
      assertThat(probd.output()).doesNotContain("rejected");
    }
  }
}

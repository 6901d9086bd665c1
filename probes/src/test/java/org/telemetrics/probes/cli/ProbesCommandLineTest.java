package org.telemetrics.probes.cli;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.probes.crash.CoredumpFollower;
import org.telemetrics.probes.crash.Crashprobe;
import org.telemetrics.probes.hello.Hprobe;
import org.telemetrics.probes.journal.Journalprobe;
import org.telemetrics.probes.klog.Klogscanner;
import org.telemetrics.probes.pstore.Pstoreprobe;
import org.telemetrics.probes.recordgen.TelemRecordGen;
import org.telemetrics.testing.CommandLineConvention;

/** Every probe follows the suite's command-line convention (see {@link CommandLineConvention}). */
@Timeout(240)
class ProbesCommandLineTest {
  @TempDir Path dir;

  @Test
  void hprobe() throws Exception {
    convention("hprobe", Hprobe.class).check("--config_file");
  }

  @Test
  void telemRecordGen() throws Exception {
    convention("telem-record-gen", TelemRecordGen.class).check("--class");
  }

  @Test
  void crashprobe() throws Exception {
    convention("crashprobe", Crashprobe.class).check("--process-name");
  }

  @Test
  void klogscanner() throws Exception {
    convention("klogscanner", Klogscanner.class).check("--kmsg");
  }

  @Test
  void pstoreprobe() throws Exception {
    convention("pstoreprobe", Pstoreprobe.class).check("--dir");
  }

  @Test
  void journalprobe() throws Exception {
    convention("journalprobe", Journalprobe.class).check("--input");
  }

  @Test
  void crashprobeCoredump() throws Exception {
    convention("crashprobe-coredump", CoredumpFollower.class).check("--coredumpctl");
  }

  private CommandLineConvention convention(String program, Class<?> main) {
    return new CommandLineConvention(
        program, main.getName(), dir, Map.of("TELEMETRICS_ROOT", dir.toString()));
  }
}

package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.probes.ProbeJvm;
import org.telemetrics.testing.TestRoot;

/**
 * crashprobe reporting a real core loads no security provider: its flood signature's SHA-256 is its
 * own, where {@code MessageDigest} set up the JDK's providers (over a hundred classes). Nor the
 * stream library, the regular expression engine or a comparator the JDK makes at run time ({@code
 * Comparator.comparingLong}'s lambda, spun on every start, class archive or not).
 */
@Timeout(300)
class CrashprobeStartupTest {
  @TempDir Path dir;

  @Test
  void reportingACrashSetsUpNoSecurityProvider() throws Exception {
    Path crashme = CrashPrograms.compile("crashme.c", dir, "crashme", "-O0");
    Path core = CrashPrograms.gdbCore(crashme, dir.resolve("crashme.core"));
    TestRoot root = TestRoot.create(dir.resolve("root"));
    Map<String, String> env = new HashMap<>(root.env());
    env.put("CRASHPROBE_ALLOW_ROOT", "1");
    try (RecordSink sink = new RecordSink(root.layout().socketPath())) {
      ProbeJvm.Result p =
          ProbeJvm.runLoggingClasses(
              "org.telemetrics.probes.crash.Crashprobe",
              List.of("-p", "crashme", "-E", "!usr!bin!crashme", "-s", "11"),
              env,
              core,
              dir.resolve("out.log"));
      assertThat(p.exitCode()).as(p.output()).isZero();

      assertThat(sink.records()).hasSize(1);
      assertThat(p.output())
          .doesNotContain("[class,load] sun.security.jca.Providers ")
          .doesNotContain("[class,load] java.security.MessageDigest ")
          .contains("[class,load] org.telemetrics.probes.crash.Sha256 ")
          .doesNotContain("[class,load] java.util.stream.ReferencePipeline ")
          .doesNotContain("[class,load] java.util.regex.Pattern ")
          .doesNotContain("[class,load] java.util.Comparator$$Lambda");
    }
  }
}

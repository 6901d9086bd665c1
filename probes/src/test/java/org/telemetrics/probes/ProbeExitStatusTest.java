package org.telemetrics.probes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telemetrics.testing.FakeProbd;
import org.telemetrics.testing.FakeProbd.Behaviour;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * Exit status 0 means the record was acknowledged as stored, or the daemon closed without the
 * acknowledgement protocol (the C telemprobd). A daemon that says nothing until the deadline is a
 * failure with its own status (75) and a message. Each probe runs as a real process through its
 * main class, over both socket exchanges (the JNI library the launchers use, and the JDK's).
 */
class ProbeExitStatusTest {
  static final String HPROBE = "org.telemetrics.probes.hello.Hprobe";
  static final String RECORD_GEN = "org.telemetrics.probes.recordgen.TelemRecordGen";
  static final String CRASHPROBE = "org.telemetrics.probes.crash.Crashprobe";
  static final int TIMED_OUT = 75;

  @TempDir Path dir;

  enum Exchange {
    NATIVE,
    JDK
  }

  record Probe(String main, List<String> args) {
    @Override
    public String toString() {
      return main.substring(main.lastIndexOf('.') + 1);
    }
  }

  static final List<Probe> PROBES =
      List.of(
          new Probe(HPROBE, List.of("-Hlu")),
          new Probe(RECORD_GEN, List.of("-c", "org.example/test/exit", "-p", "x")),
          // a crash outside /usr is reported as "third party" without reading a core
          new Probe(CRASHPROBE, List.of("-p", "crashme", "-E", "!opt!demo!crashme", "-s", "11")));

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Probe probe : PROBES) {
      for (Exchange exchange : Exchange.values()) {
        out.add(Arguments.of(probe, exchange, Behaviour.READS_AND_NEVER_ANSWERS, TIMED_OUT));
        out.add(Arguments.of(probe, exchange, Behaviour.NEVER_READS, TIMED_OUT));
        out.add(Arguments.of(probe, exchange, Behaviour.CLOSES_WITHOUT_ANSWER, 0));
        out.add(Arguments.of(probe, exchange, Behaviour.ACKNOWLEDGES, 0));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} over {1}: daemon {2} -> exit {3}")
  @MethodSource("cases")
  void exitStatusSaysWhetherTheRecordWasAcknowledged(
      Probe probe, Exchange exchange, Behaviour behaviour, int expected) throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root")).set("probe_ack_timeout_ms", "300");
    Map<String, String> env = new HashMap<>(root.env());
    env.put("CRASHPROBE_ALLOW_ROOT", "1");
    JavaProcess.Result result;
    try (FakeProbd daemon = FakeProbd.listen(root.layout().socketPath(), behaviour)) {
      result =
          JavaProcess.run(
              jvmOptions(exchange),
              probe.main(),
              probe.args(),
              env,
              dir.resolve("out.log"),
              Duration.ofSeconds(60));
    }

    assertThat(result.exitCode()).as(result.output()).isEqualTo(expected);
    if (expected == TIMED_OUT) {
      assertThat(result.output())
          .contains("no acknowledgement from telemprobd at " + root.layout().socketPath())
          .doesNotContain("Successfully sent record to daemon.");
    } else if (probe.main().equals(HPROBE)) {
      assertThat(result.output()).contains("Successfully sent record to daemon.");
    }
  }

  static List<String> jvmOptions(Exchange exchange) {
    if (exchange == Exchange.JDK) {
      return List.of();
    }
    String library = System.getProperty("telemetrics.native.library");
    assertThat(library).as("the build names the JNI library").isNotNull();
    assertThat(Files.isRegularFile(Path.of(library))).as(library).isTrue();
    return List.of("-Dtelemetrics.native.library=" + library);
  }
}

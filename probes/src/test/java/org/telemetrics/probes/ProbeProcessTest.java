package org.telemetrics.probes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.FrameListener;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** The probes as real processes, sending over a real socket. */
class ProbeProcessTest {
  static final String HPROBE = "org.telemetrics.probes.hello.Hprobe";
  static final String RECORD_GEN = "org.telemetrics.probes.recordgen.TelemRecordGen";
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  JavaProcess.Result run(TestRoot root, String main, String... args) {
    return JavaProcess.run(main, List.of(args), root.env(), dir.resolve("out.log"), TIMEOUT);
  }

  @Test
  void hprobeSendsAHeartbeatWithLocaleAndUptime() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon =
        FrameListener.listen(
            root.layout().socketPath(), b -> "ACCEPTED 0123456789abcdef0123456789abcdef\n")) {
      JavaProcess.Result result = run(root, HPROBE, "-Hlu");

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("Successfully sent record to daemon.");
      TelemetryRecord r = FrameCodec.decode(daemon.next(10)).record();
      assertThat(r.classification()).isEqualTo("org.clearlinux/heartbeat/ping");
      assertThat(r.severity()).isEqualTo("1");
      assertThat(r.machineId()).isEqualTo("FFFFFFFF");
      assertThat(r.arch()).isEqualTo(uname("-m"));
      assertThat(r.kernelVersion()).isEqualTo(uname("-r"));
      assertThat(r.payload()).matches("hello\nLC_ALL: .+\nuptime: [0-9]+\n");
    }
  }

  @Test
  void hprobeSaysHelloAndWorksWithTheCDaemonThatNeverAnswers() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      JavaProcess.Result result = run(root, HPROBE);

      assertThat(result.exitCode()).as(result.output()).isZero();
      TelemetryRecord r = FrameCodec.decode(daemon.next(10)).record();
      assertThat(r.classification()).isEqualTo("org.clearlinux/hello/world");
      assertThat(r.payload()).isEqualTo("hello\n");
    }
  }

  @Test
  void notOptedInSendsNothingAndFails() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    root.optOut();
    try (FrameListener daemon = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      JavaProcess.Result hello = run(root, HPROBE);
      JavaProcess.Result gen = run(root, RECORD_GEN, "-c", "a/b/c", "-p", "x");

      for (JavaProcess.Result r : List.of(hello, gen)) {
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output())
            .contains(
                "Unable to send record. Make sure to opt-in to telemetry first 'telemctl opt-in'");
      }
      assertThat(daemon.idleFor(200)).isTrue();
    }
  }

  @Test
  void recordGenWithAnExplicitConfigPutsItInTheFrame() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      JavaProcess.Result result =
          run(
              root,
              RECORD_GEN,
              "-f",
              root.configFile().toString(),
              "-c",
              "org.example/test/gen",
              "-s",
              "4",
              "-e",
              "0123456789abcdef0123456789abcdef",
              "-p",
              "line one\nline two");

      assertThat(result.exitCode()).as(result.output()).isZero();
      Frame frame = FrameCodec.decode(daemon.next(10));
      assertThat(frame.configPath()).contains(root.configFile().toString());
      assertThat(frame.record().severity()).isEqualTo("4");
      assertThat(frame.record().eventId()).isEqualTo("0123456789abcdef0123456789abcdef");
      assertThat(frame.record().payload()).isEqualTo("line one\nline two");
    }
  }

  @Test
  void aRejectionIsAFailureWithTheDaemonsReason() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon =
        FrameListener.listen(
            root.layout().socketPath(), b -> "REJECTED staging quota exceeded\n")) {
      JavaProcess.Result result = run(root, RECORD_GEN, "-c", "a/b/c", "-p", "x");
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.output()).contains("Record rejected by telemprobd: staging quota exceeded");
    }
  }

  @Test
  void aBadConfigFileIsReportedWithItsLine() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root")).set("rate_limit_enabled", "maybe");
    JavaProcess.Result result = run(root, HPROBE);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains(root.configFile() + ":3:");
  }

  static String uname(String flag) throws Exception {
    Process p = new ProcessBuilder("uname", flag).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    return out;
  }
}

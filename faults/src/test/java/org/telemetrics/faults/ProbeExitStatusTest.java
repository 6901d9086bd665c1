package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * A probe's exit status 0 means "acknowledged as stored" (or a daemon that closed without the
 * acknowledgement protocol): a telemprobd that never answers, stopped or with every connection slot
 * held, is a failure the probe reports, within its timeout.
 */
@Timeout(120)
class ProbeExitStatusTest {
  static final String RECORD_GEN = "org.telemetrics.probes.recordgen.TelemRecordGen";
  static final String HPROBE = "org.telemetrics.probes.hello.Hprobe";

  @TempDir Path dir;

  @Test
  void aStoppedTelemprobdIsAFailureNotASuccess() throws Exception {
    TestRoot root = Daemons.root(dir, "").set("probe_ack_timeout_ms", "2000");
    try (Daemons daemons = Daemons.of(root)) {
      daemons.probd.start();
      signal("STOP", daemons.probd.pid());
      try {
        JavaProcess.Result r =
            JavaProcess.run(
                RECORD_GEN,
                List.of("-c", "org.example/faults/stopped", "-p", "nobody acknowledges this"),
                root.env(),
                dir.resolve("record-gen.out"),
                Duration.ofSeconds(60));
        assertThat(r.exitCode())
            .as("telem-record-gen's exit status; output: " + r.output())
            .isNotZero();
        assertThat(r.output()).as("telem-record-gen says why").isNotBlank();
      } finally {
        signal("CONT", daemons.probd.pid());
      }
    }
  }

  @Test
  void everyConnectionSlotHeldIsAFailureNotASuccess() throws Exception {
    TestRoot root =
        Daemons.root(dir, "")
            .set("probe_ack_timeout_ms", "2000")
            .set("probd_max_connections", "2")
            .set("probd_connection_timeout_ms", "20000");
    List<SocketChannel> held = new ArrayList<>();
    try (Daemons daemons = Daemons.of(root)) {
      daemons.probd.start();
      for (int i = 0; i < 3; i++) { // the slots, and the accept loop's wait for one
        held.add(SocketChannel.open(StandardProtocolFamily.UNIX));
        held.get(i).connect(UnixDomainSocketAddress.of(root.layout().socketPath()));
      }
      JavaProcess.Result r =
          JavaProcess.run(
              HPROBE, List.of(), root.env(), dir.resolve("hprobe.out"), Duration.ofSeconds(60));
      assertThat(r.output()).as("hprobe's output").doesNotContain("Successfully sent");
      assertThat(r.exitCode()).as("hprobe's exit status; output: " + r.output()).isNotZero();
    } finally {
      for (SocketChannel c : held) {
        c.close();
      }
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kill -" + signal).isZero();
  }
}

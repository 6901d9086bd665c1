package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * Socket activation as systemd does it, with Debian's {@code systemd-socket-activate}: it listens
 * on the socket, starts telemprobd on the first connection with the socket as fd 3, and
 * telemprobd exits when idle.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketActivationEndToEndTest {
  @TempDir Path tmp;

  static String tool() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "systemd-socket-activate");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  @Test
  void activatedByTheFirstConnectionNotifiesSystemdAndExitsWhenIdle() throws Exception {
    String tool = tool();
    // scripts/install-deps.sh installs it; without it this test cannot mean anything
    assumeThat(tool).as("systemd-socket-activate (package systemd)").isNotNull();
    TestRoot root = TestRoot.create(tmp);
    root.set("daemon_recycling_enabled", "true");
    root.set("probd_idle_exit_seconds", "2");
    ProbdFixture.presetHostSnapshot(root);
    Path socket = root.layout().socketPath();
    Files.createDirectories(socket.getParent());
    Path notifyPath = tmp.resolve("notify.sock");
    Path out = tmp.resolve("activate.log");

    try (AFUNIXDatagramChannel notify = AFUNIXDatagramChannel.open()) {
      notify.bind(AFUNIXSocketAddress.of(notifyPath));
      List<String> cmd = new ArrayList<>(List.of(tool, "-l", socket.toString(),
          "-E", "TELEMETRICS_ROOT=" + root.dir(), "-E", "NOTIFY_SOCKET=" + notifyPath,
          JavaProcess.javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), ProbdFixture.MAIN));
      Process activator = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket));
        long activatorPid = activator.pid();

        SendResult result = TelemetryClient.create(root.config()).send(
            TelemetryClient.create(root.config()).newRecord("org.example/probd/activated")
                .payload("via fd 3").build());

        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        assertThat(ProbdFixture.staged(root)).extracting(e -> e.record().payload())
            .containsExactly("via fd 3");
        String log = Files.readString(out);
        assertThat(log).contains("listening on socket passed by systemd");
        // systemd-socket-activate execs the daemon: same pid, LISTEN_PID matched
        assertThat(log).doesNotContain("cannot listen");
        assertThat(receive(notify)).startsWith("READY=1\n").contains("MAINPID=" + activatorPid);

        assertThat(activator.waitFor(30, TimeUnit.SECONDS)).as("idle exit").isTrue();
        assertThat(activator.exitValue()).isZero();
        assertThat(Files.readString(out)).contains("stopping (idle for 2 s)");
        List<String> later = new ArrayList<>();
        do {
          later.add(receive(notify));
        } while (!later.get(later.size() - 1).equals("STOPPING=1"));
        assertThat(later).contains("STATUS=1 records accepted, 0 rejected, 0 connections open");
      } finally {
        activator.destroyForcibly();
      }
    }
  }

  private static String receive(AFUNIXDatagramChannel ch) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(1024);
    ch.receive(buf);
    buf.flip();
    return StandardCharsets.UTF_8.decode(buf).toString();
  }
}

package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
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
import org.telemetrics.frame.Ack;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * Socket activation as systemd does it, with Debian's {@code systemd-socket-activate}: it listens
 * on the socket, starts telemprobd on the first connection with the socket as fd 3, and telemprobd
 * exits when idle.
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
    // the first probe waits for a JVM to start: on a loaded machine that can pass 2 s
    root.set("probe_ack_timeout_ms", "30000");
    root.set("probd_idle_exit_seconds", "2");
    ProbdFixture.presetHostSnapshot(root);
    Path socket = root.layout().socketPath();
    Files.createDirectories(socket.getParent());
    Path notifyPath = tmp.resolve("notify.sock");
    Path out = tmp.resolve("activate.log");

    try (AFUNIXDatagramChannel notify = AFUNIXDatagramChannel.open()) {
      notify.bind(AFUNIXSocketAddress.of(notifyPath));
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  tool,
                  "-l",
                  socket.toString(),
                  "-E",
                  "TELEMETRICS_ROOT=" + root.dir(),
                  "-E",
                  "NOTIFY_SOCKET=" + notifyPath,
                  JavaProcess.javaBinary(),
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ProbdFixture.MAIN));
      Process activator =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket));
        long activatorPid = activator.pid();

        SendResult result =
            TelemetryClient.create(root.config())
                .send(
                    TelemetryClient.create(root.config())
                        .newRecord("org.example/probd/activated")
                        .payload("via fd 3")
                        .build());

        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        assertThat(ProbdFixture.staged(root))
            .extracting(e -> e.record().payload())
            .containsExactly("via fd 3");
        String log = Files.readString(out);
        assertThat(log).contains("listening on socket passed by systemd");
        // systemd-socket-activate execs the daemon: same pid, LISTEN_PID matched
        assertThat(log).doesNotContain("cannot listen");
        assertThat(receive(notify))
            .startsWith("READY=1\n")
            .contains("MAINPID=" + activatorPid)
            .contains("STATUS=listening on " + socket + "\n");

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

  /** The daemon's command line, for a shell. */
  private static String daemonCommand() {
    return JavaProcess.javaBinary()
        + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
        + System.getProperty("java.class.path")
        + "' "
        + ProbdFixture.MAIN;
  }

  /**
   * As systemd does it: the listening socket stays with the socket unit (here a shell holding fd 3,
   * started by systemd-socket-activate) while one instance of the daemon exits and the next one is
   * started on the same descriptor. An exiting daemon that shut the socket down broke it for the
   * socket unit and for every later instance.
   */
  @Test
  void theSocketSystemdPassedStillWorksAfterTheDaemonExitsAndServesTheNextInstance()
      throws Exception {
    String tool = tool();
    assumeThat(tool).as("systemd-socket-activate (package systemd)").isNotNull();
    TestRoot root = TestRoot.create(tmp);
    root.set("daemon_recycling_enabled", "true");
    // the first probe waits for a JVM to start: on a loaded machine that can pass 2 s
    root.set("probe_ack_timeout_ms", "30000");
    root.set("probd_idle_exit_seconds", "1");
    ProbdFixture.presetHostSnapshot(root);
    Path socket = root.layout().socketPath();
    Files.createDirectories(socket.getParent());
    Path out = tmp.resolve("activate.log");
    // each instance gets LISTEN_PID of its own: the inner shell's pid, kept by exec
    String instance = "sh -c 'LISTEN_PID=$$ exec " + daemonCommand() + "'";
    String script =
        instance
            + "; echo first instance exited $?; sleep 1; "
            + instance
            + "; echo second instance exited $?";
    Process activator =
        new ProcessBuilder(
                tool,
                "-l",
                socket.toString(),
                "-E",
                "TELEMETRICS_ROOT=" + root.dir(),
                "sh",
                "-c",
                script)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket));
      TelemetryClient client = TelemetryClient.create(root.config());
      assertThat(client.send(client.newRecord("org.example/probd/first").payload("1").build()))
          .isInstanceOf(SendResult.Accepted.class);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.readString(out).contains("first instance exited 0"));

      // the first instance is gone and the second not yet listening: the socket queues us
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(socket));
        byte[] frame =
            FrameCodec.encode(
                Frame.of(client.newRecord("org.example/probd/second").payload("2").build()));
        ProbdFixture.write(ch, frame, 0, frame.length);
        ch.shutdownOutput();
        assertThat(Ack.parse(ProbdFixture.readReply(ch))).isInstanceOf(Ack.Accepted.class);
      }

      assertThat(activator.waitFor(60, TimeUnit.SECONDS)).as("second idle exit").isTrue();
      String log = Files.readString(out);
      assertThat(log).contains("second instance exited 0").doesNotContain("accept failed");
      assertThat(ProbdFixture.staged(root))
          .extracting(e -> e.record().payload())
          .containsExactlyInAnyOrder("1", "2");
    } finally {
      activator.destroyForcibly();
    }
  }

  /**
   * A descriptor that cannot accept (here a listening socket shut down, as an earlier daemon left
   * it) makes the daemon exit with an error after a bounded number of tries, instead of spinning on
   * "accept failed: Invalid argument".
   */
  @Test
  void aDeadSocketFromSystemdEndsTheDaemonWithAClearErrorInsteadOfASpin() throws Exception {
    assumeThat(Files.isExecutable(Path.of("/usr/bin/perl")))
        .as("perl (package perl-base) makes the broken socket")
        .isTrue();
    TestRoot root = TestRoot.create(tmp);
    ProbdFixture.presetHostSnapshot(root);
    Path dead = tmp.resolve("dead.sock");
    Path out = tmp.resolve("dead.log");
    // perl (perl-base, on every Debian system) makes the socket and hands it over as fd 3
    String perl =
        "$^F = 255; socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die $!;"
            + " bind($s, pack_sockaddr_un($ARGV[0])) or die $!; listen($s, 5) or die $!;"
            + " shutdown($s, 2); POSIX::dup2(fileno($s), 3) if fileno($s) != 3;"
            + " $ENV{LISTEN_PID} = $$; $ENV{LISTEN_FDS} = 1; shift @ARGV; exec @ARGV or die $!";
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "perl",
                "-MSocket",
                "-MPOSIX",
                "-e",
                perl,
                dead.toString(),
                JavaProcess.javaBinary(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                ProbdFixture.MAIN));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("TELEMETRICS_ROOT", root.dir().toString());
    Process p = pb.start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the daemon gives up").isTrue();
      String log = Files.readString(out);
      assertThat(p.exitValue()).as(log).isEqualTo(1);
      assertThat(log)
          .contains(
              "does not accept connections (" + AcceptBackoff.GIVE_UP_AFTER + " failures in a row")
          .contains("restart telemprobd.socket");
      assertThat(log.split("accept failed", -1).length - 1).isLessThan(AcceptBackoff.GIVE_UP_AFTER);
    } finally {
      p.destroyForcibly();
    }
  }

  private static String receive(AFUNIXDatagramChannel ch) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(1024);
    ch.receive(buf);
    buf.flip();
    return StandardCharsets.UTF_8.decode(buf).toString();
  }
}

package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.frame.Ack;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.record.Ids;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProbdEndToEndTest {
  @TempDir Path tmp;
  TestRoot root;

  @BeforeEach
  void setUp() throws Exception {
    root = TestRoot.create(tmp);
    ProbdFixture.presetHostSnapshot(root);
  }

  private TelemetryRecord record(String payload) {
    TelemetryClient client = TelemetryClient.create(root.config());
    return client.newRecord("org.example/probd/test").severity(2).payload(payload).build();
  }

  private byte[] frame(TelemetryRecord r) {
    return FrameCodec.encode(Frame.of(r));
  }

  @Test
  void clientRecordIsStagedWithTheMachineIdAndAcknowledged() throws Exception {
    try (JavaProcess probd = ProbdFixture.start(root)) {
      TelemetryRecord sent = record("hello from the test");
      SendResult result = TelemetryClient.create(root.config()).send(sent);

      assertThat(result).isInstanceOf(SendResult.Accepted.class);
      String id = ((SendResult.Accepted) result).recordId();
      List<SpoolEntry> staged = ProbdFixture.staged(root);
      assertThat(staged).hasSize(1);
      SpoolEntry entry = staged.get(0);
      assertThat(entry.recordId()).isEqualTo(id);
      String machineId = Files.readString(root.layout().machineIdFile());
      assertThat(Ids.isId(machineId)).isTrue();
      assertThat(entry.record()).isEqualTo(sent.withMachineId(machineId));
      assertThat(entry.peer())
          .get()
          .satisfies(
              p -> {
                assertThat(p.pid()).isEqualTo(ProcessHandle.current().pid());
              });
      assertThat(Files.getPosixFilePermissions(root.layout().stagingDir().resolve(id)))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.getPosixFilePermissions(root.layout().socketPath()))
          .isEqualTo(PosixFilePermissions.fromString("rw-rw-rw-"));
      assertThat(Files.getPosixFilePermissions(root.layout().machineIdFile()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      try (var tmpFiles = Files.list(root.layout().tmpDir())) {
        assertThat(tmpFiles).isEmpty();
      }
    }
  }

  @Test
  void framesCapturedFromTheCClientAreAccepted() throws Exception {
    List<byte[]> frames = ProbdFixture.cFrames();
    assertThat(frames).hasSize(4);
    try (JavaProcess probd = ProbdFixture.start(root)) {
      for (byte[] f : frames) {
        assertThat(ProbdFixture.exchangeAck(root.layout().socketPath(), f))
            .isInstanceOf(Ack.Accepted.class);
      }
      List<SpoolEntry> staged = ProbdFixture.staged(root);
      assertThat(staged).hasSize(4);
      assertThat(staged)
          .extracting(e -> e.record().machineId())
          .containsOnly(Files.readString(root.layout().machineIdFile()));
      assertThat(staged)
          .extracting(e -> e.record().payload())
          .contains("hi", "hello\n", "with -f config");
      assertThat(staged)
          .filteredOn(e -> e.configPath().isPresent())
          .extracting(e -> e.configPath().get())
          .containsExactly("/etc/telemetrics/a.cf");
      assertThat(probd.output()).contains("names configuration /etc/telemetrics/a.cf");
    }
  }

  @Test
  void aFrameArrivingInTwoPiecesIsAccepted() throws Exception {
    byte[] f = frame(record("two pieces"));
    try (JavaProcess probd = ProbdFixture.start(root);
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(root.layout().socketPath()));
      ProbdFixture.write(ch, f, 0, 100);
      Thread.sleep(300); // the gap is the point of the test
      ProbdFixture.write(ch, f, 100, f.length);
      ch.shutdownOutput();
      Ack ack = Ack.parse(ProbdFixture.readReply(ch));

      assertThat(ack).isInstanceOf(Ack.Accepted.class);
      assertThat(ProbdFixture.staged(root))
          .extracting(e -> e.record().payload())
          .containsExactly("two pieces");
    }
  }

  @Test
  void aFrameLongerThanTheReadAheadIsTakenWholeAndRefusedWithBytesAfterIt() throws Exception {
    String payload = "b".repeat(org.telemetrics.record.RecordRules.MAX_PAYLOAD_BYTES);
    byte[] big = frame(record(payload));
    assertThat(big.length).isGreaterThan(FrameReader.HEAD_BYTES);
    try (JavaProcess probd = ProbdFixture.start(root)) {
      Path socket = root.layout().socketPath();
      assertThat(reason(socket, java.util.Arrays.copyOf(big, big.length + 1)))
          .contains("more bytes follow the " + big.length + " bytes");
      assertThat(ProbdFixture.exchangeAck(socket, big)).isInstanceOf(Ack.Accepted.class);
      assertThat(ProbdFixture.staged(root))
          .extracting(e -> e.record().payload())
          .containsExactly(payload);
    }
  }

  @Test
  void aBurstOfRefusalsIsLoggedOnceAndCountedWhole() throws Exception {
    byte[] badSeverity =
        new String(frame(record("x")), StandardCharsets.ISO_8859_1)
            .replace("severity: 2", "severity: 7")
            .getBytes(StandardCharsets.ISO_8859_1);
    try (JavaProcess probd = ProbdFixture.start(root)) {
      for (int i = 0; i < 30; i++) {
        assertThat(reason(root.layout().socketPath(), badSeverity)).contains("severity");
      }
      probd.terminate();
      assertThat(probd.waitFor(Duration.ofSeconds(20))).isZero();
      assertThat(probd.output().lines().filter(l -> l.contains("rejected record from")))
          .as("one line for 30 refusals of one reason within 10 s")
          .hasSize(1);
      assertThat(probd.output()).contains("30 rejected");
    }
  }

  @Test
  void invalidFramesAreRejectedWithAReasonAndTheDaemonKeepsServing() throws Exception {
    byte[] good = frame(record("good"));
    byte[] badSeverity = frame(record("x")).clone();
    String text =
        new String(badSeverity, StandardCharsets.ISO_8859_1).replace("severity: 2", "severity: 7");
    badSeverity = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] truncatedSize =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(3).putInt(0).array();
    byte[] huge =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 30).putInt(0).array();
    byte[] shortOfDeclared = java.util.Arrays.copyOf(good, good.length - 10);
    byte[] swapped =
        new String(good, StandardCharsets.ISO_8859_1)
            .replace("severity:", "sevxrity:")
            .getBytes(StandardCharsets.ISO_8859_1);
    try (JavaProcess probd = ProbdFixture.start(root)) {
      Path socket = root.layout().socketPath();
      assertThat(reason(socket, badSeverity)).contains("severity");
      assertThat(reason(socket, truncatedSize)).contains("too small");
      assertThat(reason(socket, huge)).contains("exceeds the maximum");
      assertThat(reason(socket, shortOfDeclared)).contains("connection closed after");
      assertThat(reason(socket, swapped)).contains("severity");
      assertThat(reason(socket, new byte[] {1, 2})).contains("inside the size field");
      byte[] longerThanDeclared = java.util.Arrays.copyOf(good, good.length + 1);
      assertThat(reason(socket, longerThanDeclared))
          .isEqualTo(
              "malformed frame: more bytes"
                  + " follow the "
                  + good.length
                  + " bytes the frame size field declares (one frame"
                  + " per connection)");
      byte[] twoFrames = java.util.Arrays.copyOf(good, 2 * good.length);
      System.arraycopy(good, 0, twoFrames, good.length, good.length);
      assertThat(reason(socket, twoFrames)).contains("more bytes follow");

      assertThat(ProbdFixture.exchangeAck(socket, good)).isInstanceOf(Ack.Accepted.class);
      assertThat(ProbdFixture.staged(root)).hasSize(1);
      assertThat(probd.output())
          .contains("rejected record from pid=")
          .contains("uid=")
          .doesNotContain("Exception");
    }
  }

  private static String reason(Path socket, byte[] bytes) throws Exception {
    Ack ack = ProbdFixture.exchangeAck(socket, bytes);
    assertThat(ack).isInstanceOf(Ack.Rejected.class);
    return ((Ack.Rejected) ack).reason();
  }

  @Test
  void aClientThatNeverEndsItsSideIsRefusedAtTheDeadline() throws Exception {
    root.set("probd_connection_timeout_ms", "300");
    byte[] f = frame(record("no half-close"));
    try (JavaProcess probd = ProbdFixture.start(root);
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(root.layout().socketPath()));
      ProbdFixture.write(ch, f, 0, f.length);
      Ack ack = Ack.parse(ProbdFixture.readReply(ch));

      assertThat(ack).isInstanceOf(Ack.Rejected.class);
      assertThat(((Ack.Rejected) ack).reason())
          .startsWith("incomplete frame: timed out waiting" + " for the end of the connection");
      assertThat(ProbdFixture.staged(root)).isEmpty();
    }
  }

  @Test
  void clientsThatStallBeforeOrInsideTheirFrameHoldUpNoOtherProbe() throws Exception {
    root.set("probd_connection_timeout_ms", "3000");
    byte[] f = frame(record("half"));
    try (JavaProcess probd = ProbdFixture.start(root);
        SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX);
        SocketChannel half = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      // served first where they are accepted; neither frame is there, so each goes to a thread
      // of its own and the accepting thread goes on
      silent.connect(UnixDomainSocketAddress.of(root.layout().socketPath()));
      half.connect(UnixDomainSocketAddress.of(root.layout().socketPath()));
      ProbdFixture.write(half, f, 0, 100);

      long start = System.nanoTime();
      Ack good = ProbdFixture.exchangeAck(root.layout().socketPath(), frame(record("good")));
      long tookMs = (System.nanoTime() - start) / 1_000_000;

      assertThat(good).isInstanceOf(Ack.Accepted.class);
      assertThat(tookMs).as("answered long before the stalled ones' deadline").isLessThan(2500);
      assertThat(((Ack.Rejected) Ack.parse(ProbdFixture.readReply(half))).reason())
          .startsWith("incomplete frame: timed out with 100 of ");
      assertThat(((Ack.Rejected) Ack.parse(ProbdFixture.readReply(silent))).reason())
          .startsWith("incomplete frame: timed out with 0 of at least 4");
      assertThat(ProbdFixture.staged(root))
          .extracting(e -> e.record().payload())
          .containsExactly("good");
    }
  }

  @Test
  void pingsTheSystemdWatchdogWhileItServes() throws Exception {
    Path notifyPath = tmp.resolve("notify.sock");
    try (org.newsclub.net.unix.AFUNIXDatagramChannel notify =
        org.newsclub.net.unix.AFUNIXDatagramChannel.open()) {
      notify.bind(org.newsclub.net.unix.AFUNIXSocketAddress.of(notifyPath));
      try (JavaProcess probd =
          ProbdFixture.start(
              root, Map.of("NOTIFY_SOCKET", notifyPath.toString(), "WATCHDOG_USEC", "400000"))) {
        assertThat(probd.output()).contains("systemd watchdog enabled: pinging every 200 ms");
        assertThat(ProbdFixture.exchangeAck(root.layout().socketPath(), frame(record("x"))))
            .isInstanceOf(Ack.Accepted.class);
        int pings = 0;
        while (pings < 5) { // a hung accept loop would stop them, and systemd would kill it
          java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1024);
          notify.receive(buf);
          buf.flip();
          if (StandardCharsets.UTF_8.decode(buf).toString().equals("WATCHDOG=1")) {
            pings++;
          }
        }
      }
    }
  }

  @Test
  void theStaticMachineIdWinsAndChangesToItAreNoticedWhileRunning() throws Exception {
    Path staticFile = root.layout().staticMachineIdFile();
    Files.writeString(staticFile, "my-static-id-0123456789-ABCDEFGHIJKLMNOP\n");
    try (JavaProcess probd = ProbdFixture.start(root)) {
      Path socket = root.layout().socketPath();
      ProbdFixture.exchangeAck(socket, frame(record("one")));
      Files.writeString(staticFile, "short\nsecond line");
      ProbdFixture.exchangeAck(socket, frame(record("two")));
      Files.delete(staticFile);
      ProbdFixture.exchangeAck(socket, frame(record("three")));

      String rotating = Files.readString(root.layout().machineIdFile());
      assertThat(ProbdFixture.staged(root))
          .extracting(e -> e.record().payload() + "=" + e.record().machineId())
          .containsExactlyInAnyOrder(
              "one=my-static-id-0123456789-ABCDEFGH", "two=short", "three=" + rotating);
    }
  }

  @Test
  void aMachineIdOlderThanThreeDaysIsReplacedAtStart() throws Exception {
    Path idFile = root.layout().machineIdFile();
    Files.createDirectories(idFile.getParent());
    Files.writeString(idFile, "0123456789abcdef0123456789abcdef");
    Files.setLastModifiedTime(
        idFile, FileTime.fromMillis(System.currentTimeMillis() - 4L * 24 * 3600 * 1000));
    try (JavaProcess probd = ProbdFixture.start(root)) {
      String id = Files.readString(idFile);
      assertThat(Ids.isId(id)).isTrue();
      assertThat(id).isNotEqualTo("0123456789abcdef0123456789abcdef");
      ProbdFixture.exchangeAck(root.layout().socketPath(), frame(record("x")));
      assertThat(ProbdFixture.staged(root).get(0).record().machineId()).isEqualTo(id);
    }
  }

  @Test
  void aFreshMachineIdIsKept() throws Exception {
    Path idFile = root.layout().machineIdFile();
    Files.createDirectories(idFile.getParent());
    Files.writeString(idFile, "0123456789abcdef0123456789abcdef");
    try (JavaProcess probd = ProbdFixture.start(root)) {
      ProbdFixture.exchangeAck(root.layout().socketPath(), frame(record("x")));
      assertThat(ProbdFixture.staged(root).get(0).record().machineId())
          .isEqualTo("0123456789abcdef0123456789abcdef");
    }
  }

  @Test
  void theStagingQuotaRejectsInsteadOfFillingTheDisk() throws Exception {
    root.set("staging_max_size", "2");
    try (JavaProcess probd = ProbdFixture.start(root)) {
      Path socket = root.layout().socketPath();
      String big = "x".repeat(900);
      int accepted = 0;
      Ack last = null;
      for (int i = 0; i < 5; i++) {
        last = ProbdFixture.exchangeAck(socket, frame(record(big)));
        if (last instanceof Ack.Accepted) {
          accepted++;
        }
      }
      assertThat(accepted).isEqualTo(1);
      assertThat(last).isInstanceOf(Ack.Rejected.class);
      assertThat(((Ack.Rejected) last).reason()).contains("staging is full");
      assertThat(ProbdFixture.staged(root)).hasSize(1);
    }
  }

  @Test
  void theAllowListRefusesOtherUsersAndSighupReloadsItWithoutFreezing() throws Exception {
    long me = ((Integer) Files.getAttribute(tmp, "unix:uid")).longValue();
    root.set("probd_allowed_uids", String.valueOf(me + 4242));
    try (JavaProcess probd = ProbdFixture.start(root)) {
      Path socket = root.layout().socketPath();
      assertThat(reason(socket, frame(record("refused")))).contains("may not submit");

      root.set("probd_allowed_uids", me + ", " + (me + 4242));
      new ProcessBuilder("kill", "-HUP", String.valueOf(probd.pid())).start().waitFor();
      // generous: on a loaded machine the reload waits for the timer thread's status write
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> probd.output().contains("configuration reloaded"));
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            "no reload 30 s after SIGHUP; telemprobd said:\n" + probd.output(), e);
      }

      // the C daemon stopped serving after SIGHUP until the next signal
      for (int i = 0; i < 3; i++) {
        assertThat(ProbdFixture.exchangeAck(socket, frame(record("ok " + i))))
            .isInstanceOf(Ack.Accepted.class);
      }
      assertThat(ProbdFixture.staged(root)).hasSize(3);

      // a broken file is reported and the running configuration kept
      byte[] stillOk = frame(record("still ok"));
      Files.writeString(root.configFile(), "[settings]\nprobd_max_connections=lots\n");
      new ProcessBuilder("kill", "-HUP", String.valueOf(probd.pid())).start().waitFor();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> probd.output().contains("reload failed, keeping the current"));
      assertThat(ProbdFixture.exchangeAck(socket, stillOk)).isInstanceOf(Ack.Accepted.class);
    }
  }

  @Test
  void sigtermFinishesTheFrameInFlightAndExitsZero() throws Exception {
    byte[] f = frame(record("in flight"));
    try (JavaProcess probd = ProbdFixture.start(root, Map.of("TELEMETRICS_DEBUG", "1"));
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(root.layout().socketPath()));
      ProbdFixture.write(ch, f, 0, 50);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> probd.output().contains("connection from pid="));
      probd.terminate();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> probd.output().contains("stopping (SIGTERM)"));
      ProbdFixture.write(ch, f, 50, f.length);
      ch.shutdownOutput();

      assertThat(Ack.parse(ProbdFixture.readReply(ch))).isInstanceOf(Ack.Accepted.class);
      assertThat(probd.waitFor(Duration.ofSeconds(20))).isZero();
      assertThat(ProbdFixture.staged(root)).hasSize(1);
      // the counters are persisted at exit, the record finished while stopping included
      org.telemetrics.status.DaemonStatus status =
          org.telemetrics.status.StatusFile.read(
              root.config().path(org.telemetrics.config.ConfigKeys.PROBD_STATUS_FILE));
      assertThat(status.getLong("accepted_total")).hasValue(1);
      assertThat(status.get("state")).hasValue("stopped");
    }
  }

  @Test
  void aStaleSocketIsReplacedButARegularFileIsNot() throws Exception {
    Path socket = root.layout().socketPath();
    try (JavaProcess first = ProbdFixture.start(root)) {
      first.kill9(); // leaves its socket file behind
    }
    assertThat(socket).exists();
    try (JavaProcess second = ProbdFixture.start(root)) {
      assertThat(ProbdFixture.exchangeAck(socket, frame(record("x"))))
          .isInstanceOf(Ack.Accepted.class);
      // a second daemon must not steal the socket of a running one
      JavaProcess.Result third =
          JavaProcess.run(
              ProbdFixture.MAIN,
              List.of(),
              root.env(),
              tmp.resolve("third.log"),
              Duration.ofSeconds(30));
      assertThat(third.exitCode()).isEqualTo(1);
      assertThat(third.output()).contains("another process is listening");
    }
    Files.delete(socket);
    Files.writeString(socket, "not a socket");
    JavaProcess.Result result =
        JavaProcess.run(
            ProbdFixture.MAIN,
            List.of(),
            root.env(),
            tmp.resolve("refused.log"),
            Duration.ofSeconds(30));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("refusing to replace a regular file");
    assertThat(Files.readString(socket)).isEqualTo("not a socket");
  }

  @Test
  void aSocketItCannotMakeIsAFailureThatSaysWhy() throws Exception {
    Path run = tmp.resolve("run-file");
    Files.writeString(run, "a file where the socket's directory belongs");
    root.set("socket_path", run.resolve("telem-0").toString());

    JavaProcess.Result result =
        JavaProcess.run(
            ProbdFixture.MAIN,
            List.of(),
            root.env(),
            tmp.resolve("nodir.log"),
            Duration.ofSeconds(30));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("cannot listen: " + run + ": file exists\n");
  }

  @Test
  void aSecondInstanceLeavesTheRunningOnesFilesAlone() throws Exception {
    try (JavaProcess first = ProbdFixture.start(root)) {
      // stands for the running daemon's open segment, which a recovery would move away
      Path open = root.layout().tmpDir().resolve(Ids.random128() + GroupCommit.SUFFIX);
      Files.write(open, new byte[] {'t', 'e'});

      JavaProcess.Result second =
          JavaProcess.run(
              ProbdFixture.MAIN,
              List.of(),
              root.env(),
              tmp.resolve("second.log"),
              Duration.ofSeconds(30));

      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.output()).contains("another process is listening");
      assertThat(open).exists();
      assertThat(root.layout().quarantineDir()).doesNotExist();

      // the second one's check (a connection closed without a byte), like any such connection,
      // is no record: nothing refused, nothing counted, as in C
      try (SocketChannel empty = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        empty.connect(UnixDomainSocketAddress.of(root.layout().socketPath()));
      }
      assertThat(ProbdFixture.exchangeAck(root.layout().socketPath(), frame(record("after"))))
          .isInstanceOf(Ack.Accepted.class);
      first.terminate();
      assertThat(first.waitFor(Duration.ofSeconds(20))).isZero();
      assertThat(first.output()).doesNotContain("rejected record");
      org.telemetrics.status.DaemonStatus status =
          org.telemetrics.status.StatusFile.read(
              root.config().path(org.telemetrics.config.ConfigKeys.PROBD_STATUS_FILE));
      assertThat(status.getLong("rejected_malformed_total")).hasValue(0);
      assertThat(status.getLong("received_total")).hasValue(1);
    }
  }

  @Test
  void writesTheHostSnapshotForProbesInTheBackground() throws Exception {
    Path snapshot = root.layout().hostInfoFile();
    Files.delete(snapshot);
    try (JavaProcess probd = ProbdFixture.start(root)) {
      // accepting does not wait for the snapshot
      assertThat(ProbdFixture.exchangeAck(root.layout().socketPath(), frame(record("x"))))
          .isInstanceOf(Ack.Accepted.class);
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(snapshot));
      assertThat(
              org.telemetrics.host.HostSnapshot.read(
                  snapshot, org.telemetrics.host.HostSnapshot.currentBootId()))
          .isPresent();
      assertThat(Files.getPosixFilePermissions(snapshot))
          .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  @Test
  void versionAndUsage() {
    JavaProcess.Result v =
        JavaProcess.run(
            ProbdFixture.MAIN,
            List.of("-V"),
            root.env(),
            tmp.resolve("v.log"),
            Duration.ofSeconds(30));
    assertThat(v.exitCode()).isZero();
    JavaProcess.Result bad =
        JavaProcess.run(
            ProbdFixture.MAIN,
            List.of("--bogus"),
            root.env(),
            tmp.resolve("bad.log"),
            Duration.ofSeconds(30));
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.output())
        .isEqualTo(
            "telemprobd: unrecognized option '--bogus'\n"
                + "Try 'telemprobd --help' for more information.\n");
    JavaProcess.Result noFile =
        JavaProcess.run(
            ProbdFixture.MAIN,
            List.of("-f", tmp.resolve("missing.conf").toString()),
            root.env(),
            tmp.resolve("nofile.log"),
            Duration.ofSeconds(30));
    assertThat(noFile.exitCode()).isEqualTo(1);
    assertThat(noFile.output()).startsWith("telemprobd: error: ");
  }

  @Test
  void mutatedFramesOverTheSocketAreAnsweredAndNeverTakeTheDaemonDown() throws Exception {
    java.util.Random random = new java.util.Random(20261130);
    List<byte[]> seeds = FrameFuzzTest.seeds();
    int accepted = 0;
    try (JavaProcess probd = ProbdFixture.start(root)) {
      Path socket = root.layout().socketPath();
      for (int i = 0; i < 400; i++) {
        byte[] input =
            FrameFuzzTest.Mutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
        String reply = ProbdFixture.exchange(socket, input);
        if (input.length == 0) { // no byte sent is no record: closed without an answer, as in C
          assertThat(reply).isEmpty();
          continue;
        }
        Ack ack = Ack.parse(reply);
        if (ack instanceof Ack.Accepted) {
          accepted++;
        }
      }
      assertThat(accepted).isPositive();
      assertThat(ProbdFixture.staged(root)).hasSize(accepted);
      assertThat(probd.process().isAlive()).isTrue();
      assertThat(probd.output()).doesNotContain("Exception").doesNotContain("internal error");
    }
  }

  @Test
  void neverWritesThroughAPlantedSymbolicLinkAndStartsAllTheSame() throws Exception {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Path staging = root.layout().stagingDir();
    Files.createDirectories(staging.getParent());
    Files.createSymbolicLink(staging, elsewhere);
    try (JavaProcess probd = ProbdFixture.start(root)) {
      SendResult result = TelemetryClient.create(root.config()).send(record("after the link"));

      assertThat(result).isInstanceOf(SendResult.Accepted.class);
      assertThat(ProbdFixture.staged(root)).hasSize(1);
      assertThat(Files.isSymbolicLink(staging)).isFalse();
      assertThat(probd.output()).contains(staging + " was a symbolic link to " + elsewhere);
    }
    try (var files = Files.list(elsewhere)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void damagedFilesInTmpNeverStopTheStartAndGoToQuarantine() throws Exception {
    Path tmpDir = Files.createDirectories(root.layout().tmpDir());
    Path huge = tmpDir.resolve(Ids.random128() + GroupCommit.SUFFIX);
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(1L << 30); // sparse
    }
    byte[] random = new byte[700];
    new java.util.Random(13).nextBytes(random);
    Path junk = tmpDir.resolve(Ids.random128() + GroupCommit.SUFFIX);
    Files.write(junk, random);

    try (JavaProcess probd = ProbdFixture.start(root)) {
      assertThat(ProbdFixture.exchangeAck(root.layout().socketPath(), frame(record("after"))))
          .isInstanceOf(Ack.Accepted.class);
      Path quarantine = root.layout().quarantineDir();
      for (Path p : List.of(huge, junk)) {
        Path moved = quarantine.resolve(p.getFileName());
        assertThat(moved).exists();
        assertThat(Files.readString(quarantine.resolve(p.getFileName() + ".reason")))
            .startsWith("source: " + p + "\nreason: ");
        assertThat(probd.output()).contains(p + " is not usable");
      }
      assertThat(Files.readAllBytes(quarantine.resolve(junk.getFileName()))).isEqualTo(random);
    }
  }
}

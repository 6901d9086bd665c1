package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.frame.Ack;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** What a real telemprobd persists in probd_status_file for the metrics, over its real socket. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProbdMetricsEndToEndTest {
  private static final String GLOB = "org.example/listed/*";

  @TempDir Path tmp;
  TestRoot root;

  @BeforeEach
  void setUp() throws Exception {
    root = TestRoot.create(tmp).set("metrics_classifications", GLOB + " org.example/unused/*");
    ProbdFixture.presetHostSnapshot(root);
  }

  private byte[] frame(String classification, String payload) {
    return FrameCodec.encode(
        Frame.of(
            TelemetryClient.create(root.config())
                .newRecord(classification)
                .severity(2)
                .payload(payload)
                .build()));
  }

  private DaemonStatus status() throws IOException {
    return StatusFile.read(root.config().path(ConfigKeys.PROBD_STATUS_FILE));
  }

  private static long total(DaemonStatus status, String counter) {
    return status
        .getLong(counter + CounterTotals.SUFFIX)
        .orElseThrow(() -> new AssertionError("no " + counter + " in " + status.values()));
  }

  private static long accepted(DaemonStatus status, String label) {
    return total(status, ClassificationLabels.statusKey("accepted", label));
  }

  /** Sends each frame, expecting the given acknowledgement type; returns the bytes sent. */
  private long send(List<byte[]> frames, Class<? extends Ack> expected) throws IOException {
    long bytes = 0;
    for (byte[] f : frames) {
      assertThat(ProbdFixture.exchangeAck(root.layout().socketPath(), f)).isInstanceOf(expected);
      bytes += f.length;
    }
    return bytes;
  }

  private static void stop(JavaProcess probd) {
    probd.terminate();
    assertThat(probd.waitFor(Duration.ofSeconds(30))).isZero();
  }

  @Test
  void aRecordSentWhileNotOptedInIsRefusedAndCountedNotKept() throws Exception {
    try (JavaProcess probd = ProbdFixture.start(root)) {
      byte[] frame = frame("org.example/listed/a", "sent by a probe that did not check");
      root.optOut();
      Ack refused = ProbdFixture.exchangeAck(root.layout().socketPath(), frame);
      root.optIn();
      Ack accepted = ProbdFixture.exchangeAck(root.layout().socketPath(), frame);
      stop(probd);

      assertThat(refused)
          .isEqualTo(
              new Ack.Rejected(
                  "not opted in ("
                      + root.layout().optInFile()
                      + " is missing): the record is not kept"));
      assertThat(accepted).isInstanceOf(Ack.Accepted.class);
      assertThat(ProbdFixture.staged(root)).hasSize(1);
      assertThat(total(status(), "rejected_not_opted_in")).isEqualTo(1);
    }
  }

  @Test
  void recordsAreCountedBySizeAndLabelAndTheTotalsAddUpAcrossARestart() throws Exception {
    root.set("probd_connection_timeout_ms", "3000");
    long firstStart = System.currentTimeMillis();
    long bytes;
    try (JavaProcess probd = ProbdFixture.start(root)) {
      bytes =
          send(
              List.of(
                  frame("org.example/listed/a", "one"),
                  frame("org.example/listed/b", "two with a longer payload"),
                  frame("org.example/listed/a", "three"),
                  frame("org.example/unlisted/x", "four"),
                  frame("org.example/other/y", "five")),
              Ack.Accepted.class);
      byte[] invalid =
          new String(frame("org.example/listed/a", "bad"), StandardCharsets.ISO_8859_1)
              .replace("severity: 2", "severity: 7")
              .getBytes(StandardCharsets.ISO_8859_1);
      bytes += send(List.of(invalid), Ack.Rejected.class);

      // a connection in progress shows in the writes while running, and is gone at exit
      try (SocketChannel held = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        held.connect(UnixDomainSocketAddress.of(root.layout().socketPath()));
        ProbdFixture.write(held, frame("org.example/listed/held", "never finished"), 0, 20);
        await()
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptions()
            .until(() -> status().getLong("connections_open").orElse(-1) == 1);
        stop(probd); // finishes the held connection at its deadline (rejected), then exits
      }
    }
    DaemonStatus first = status();
    assertThat(first.get("state")).hasValue("stopped");
    assertThat(first.getLong("connections_open")).hasValue(0);
    assertThat(first.getLong("start_ms").orElseThrow())
        .isBetween(firstStart, System.currentTimeMillis());
    assertThat(total(first, "received")).isEqualTo(7); // 5 accepted, 1 invalid, 1 timed out
    assertThat(total(first, "received_bytes")).isEqualTo(bytes); // whole frames only
    assertThat(total(first, "accepted")).isEqualTo(5);
    assertThat(accepted(first, GLOB)).isEqualTo(3);
    assertThat(accepted(first, ClassificationLabels.OTHER)).isEqualTo(2);
    assertThat(total(first, "rejected_invalid")).isEqualTo(1);
    assertThat(total(first, "rejected_malformed")).isEqualTo(1);
    assertThat(total(first, "connections_refused")).isZero();
    long commits = total(first, "staging_commits");
    assertThat(commits).isBetween(1L, 5L); // one per durable batch: 5 records at most 5
    assertThat(total(first, "commit_seconds_count")).isEqualTo(commits);
    long inBuckets = 0;
    for (int i = 0; i <= 13; i++) {
      inBuckets += total(first, "commit_seconds_b" + i);
    }
    assertThat(inBuckets).isEqualTo(commits);

    long secondStart = System.currentTimeMillis();
    try (JavaProcess probd = ProbdFixture.start(root)) {
      bytes +=
          send(
              List.of(
                  frame("org.example/listed/z", "after the restart"),
                  frame("org.example/something/else", "other again")),
              Ack.Accepted.class);
      stop(probd);
    }
    DaemonStatus second = status();
    assertThat(second.getLong("start_ms").orElseThrow()).isGreaterThanOrEqualTo(secondStart);
    assertThat(total(second, "received")).isEqualTo(9);
    assertThat(total(second, "received_bytes")).isEqualTo(bytes);
    assertThat(total(second, "accepted")).isEqualTo(7);
    assertThat(accepted(second, GLOB)).isEqualTo(4);
    assertThat(accepted(second, ClassificationLabels.OTHER)).isEqualTo(3);
    assertThat(accepted(second, "org.example/unused/*")).isZero();
    assertThat(total(second, "staging_commits"))
        .isGreaterThan(commits)
        .isEqualTo(total(second, "commit_seconds_count"));
    assertThat(second.getLong(CounterTotals.SINCE_MS))
        .isEqualTo(first.getLong(CounterTotals.SINCE_MS));
  }

  @Test
  void aConnectionThatFindsEverySlotBusyIsTurnedAwayWithAReasonAndCounted() throws Exception {
    root.set("probd_max_connections", "1")
        .set("probd_connection_timeout_ms", "20000")
        .set("probe_ack_timeout_ms", "3000"); // a slot is waited for 1.5 s
    TelemetryClient client = TelemetryClient.create(root.config());
    try (JavaProcess probd = ProbdFixture.start(root)) {
      SendResult refused;
      try (SocketChannel held = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        held.connect(UnixDomainSocketAddress.of(root.layout().socketPath()));
        ProbdFixture.write(held, frame("org.example/listed/held", "holds the only slot"), 0, 20);
        await()
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptions()
            .until(() -> status().getLong("connections_open").orElse(-1) == 1);
        refused =
            client.send(
                client.newRecord("org.example/listed/busy").payload("finds no slot").build());
      }
      // the probe learns why, in time, instead of waiting out its deadline in the backlog
      assertThat(refused).isInstanceOf(SendResult.Rejected.class);
      assertThat(((SendResult.Rejected) refused).reason())
          .contains("connection slots")
          .contains("busy");
      // the held connection, closed half-way, frees the slot: the daemon serves on
      assertThat(client.send(client.newRecord("org.example/listed/after").payload("x").build()))
          .isInstanceOf(SendResult.Accepted.class);
      assertThat(probd.output()).contains("turned a connection away");
      stop(probd);
    }
    DaemonStatus status = status();
    assertThat(total(status, "connections_refused")).isEqualTo(1);
    assertThat(total(status, "accepted")).isEqualTo(1); // the refused record is not stored
    assertThat(ProbdFixture.staged(root))
        .extracting(e -> e.record().payload())
        .containsExactly("x");
  }
}

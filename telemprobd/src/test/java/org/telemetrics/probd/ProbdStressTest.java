package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.frame.Ack;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** Many clients at once, stalled clients, and kill -9 in the middle of a burst. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProbdStressTest {
  @TempDir Path tmp;
  TestRoot root;
  TelemetryClient client;

  @BeforeEach
  void setUp() throws Exception {
    root = TestRoot.create(tmp);
    ProbdFixture.presetHostSnapshot(root);
    client = TelemetryClient.create(root.config());
  }

  private byte[] frame(String payload) {
    TelemetryRecord r = client.newRecord("org.example/probd/stress").payload(payload).build();
    return FrameCodec.encode(Frame.of(r));
  }

  @Test
  void twoHundredClientsWithTwentyStalledAllFinishOrTimeOutInBoundedTime() throws Exception {
    root.set("probd_connection_timeout_ms", "2000");
    root.set("probd_max_connections", "64");
    Path socket = root.layout().socketPath();
    ExecutorService pool = Executors.newFixedThreadPool(200);
    try (JavaProcess probd = ProbdFixture.start(root)) {
      List<SocketChannel> stalled = new ArrayList<>();
      List<Future<String>> stalledReplies = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        ProbdFixture.write(ch, frame("stalled " + i), 0, 60); // and never the rest
        stalled.add(ch);
        stalledReplies.add(pool.submit(() -> ProbdFixture.readReply(ch)));
      }
      long start = System.nanoTime();
      List<Future<String>> replies = new ArrayList<>();
      for (int i = 0; i < 180; i++) {
        byte[] f = frame("quick " + i);
        replies.add(pool.submit(() -> ProbdFixture.exchange(socket, f)));
      }
      int accepted = 0;
      for (Future<String> r : replies) {
        if (Ack.parse(r.get(60, TimeUnit.SECONDS)) instanceof Ack.Accepted) {
          accepted++;
        }
      }
      long quickMs = (System.nanoTime() - start) / 1_000_000;
      for (Future<String> r : stalledReplies) {
        Ack ack = Ack.parse(r.get(30, TimeUnit.SECONDS));
        assertThat(ack).isInstanceOf(Ack.Rejected.class);
        assertThat(((Ack.Rejected) ack).reason()).contains("timed out");
      }
      long allMs = (System.nanoTime() - start) / 1_000_000;
      for (SocketChannel ch : stalled) {
        ch.close();
      }

      assertThat(accepted).isEqualTo(180);
      // the stalled ones hold 20 of 64 slots; nobody waits for them (bounds are generous
      // for a loaded 2-core machine, the point is "not the sum of the deadlines")
      assertThat(quickMs).isLessThan(20_000);
      assertThat(allMs).isLessThan(30_000);
      assertThat(ProbdFixture.staged(root)).hasSize(180);
      assertThat(probd.process().isAlive()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void killNineMidBurstLosesNoAcknowledgedRecordAndLeavesNothingHalfWritten() throws Exception {
    Path socket = root.layout().socketPath();
    Map<String, String> acknowledged = new ConcurrentHashMap<>(); // record id -> payload
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    JavaProcess probd = ProbdFixture.start(root);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < 6; c++) {
        int clientNo = c;
        clients.add(
            pool.submit(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    String payload = "client " + clientNo + " record " + i;
                    sent.incrementAndGet();
                    try {
                      Ack ack = Ack.parse(ProbdFixture.exchange(socket, frame(payload)));
                      if (ack instanceof Ack.Accepted a) {
                        acknowledged.put(a.recordId(), payload);
                      }
                    } catch (Exception e) {
                      // the daemon died under us: not acknowledged, nothing promised
                    }
                  }
                  return null;
                }));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300);
      probd.kill9();
      stop.set(true);
      for (Future<?> f : clients) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      probd.close();
      pool.shutdownNow();
    }

    // every file in staging is whole (staged() fails on anything that does not decode); the
    // segment being filled is staged by the next start
    ProbdFixture.staged(root);
    ProbdFixture.start(root).close();
    List<SpoolEntry> afterCrash = ProbdFixture.staged(root);
    Map<String, String> stagedPayloads =
        afterCrash.stream()
            .collect(Collectors.toMap(SpoolEntry::recordId, e -> e.record().payload()));
    assertThat(stagedPayloads).containsAllEntriesOf(acknowledged);
    // each record at most once: no event id twice
    assertThat(afterCrash.stream().map(e -> e.record().eventId()).distinct().count())
        .isEqualTo(afterCrash.size());

    try (JavaProcess again = ProbdFixture.start(root)) {
      assertThat(ProbdFixture.exchangeAck(socket, frame("after restart")))
          .isInstanceOf(Ack.Accepted.class);
      List<SpoolEntry> afterRestart = ProbdFixture.staged(root);
      assertThat(afterRestart).hasSize(afterCrash.size() + 1);
      assertThat(afterRestart.stream().map(SpoolEntry::recordId).collect(Collectors.toSet()))
          .containsAll(acknowledged.keySet());
    }
    try (var leftovers = Files.list(root.layout().tmpDir())) {
      // a temporary file may survive the crash; it never appears in staging
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .allMatch(n -> n.startsWith(".") && n.endsWith(".tmp"));
    }
  }
}

package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telemetrics.postd.DeliveryTest.journal;
import static org.telemetrics.postd.DeliveryTest.outcomes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.testing.TestRoot;

/**
 * Files holding several records, as telemprobd writes the records that arrive together: each record
 * is settled on its own, and the file goes with the last of them.
 */
@Timeout(60)
class BatchFilesTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  @Test
  void eachRecordIsDeliveredAndTheFileGoesWithTheLast() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      List<String> ids =
          Fixtures.stageBatch(layout, Fixtures.record(1), Fixtures.record(2), Fixtures.record(3));
      await().atMost(Duration.ofSeconds(10)).until(() -> outcomes(layout).size() == 3);
      assertThat(journal(layout))
          .extracting(JournalEntry::recordId)
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(outcomes(layout)).containsOnly("delivered");
      assertThat(backend.hits)
          .extracting(TestBackend.Hit::recordId)
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(backend.hits)
          .extracting(h -> h.request().getBody().utf8())
          .containsExactlyInAnyOrder("payload 1", "payload 2", "payload 3");
      await().atMost(Duration.ofSeconds(5)).until(() -> names(layout.queueDir()).isEmpty());
      assertThat(d.daemon.queuedBytes()).isZero();
    }
  }

  @Test
  void aRefusedRecordBecomesADeadLetterOfItsOwnWhileItsNeighboursAreDelivered() throws Exception {
    TestBackend backend =
        postd.backend(
            r ->
                r.getBody().utf8().equals("payload 2")
                    ? new MockResponse.Builder().code(400).body("{\"message\": \"no\"}").build()
                    : TestBackend.status(201));
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      List<String> ids =
          Fixtures.stageBatch(layout, Fixtures.record(1), Fixtures.record(2), Fixtures.record(3));
      await().atMost(Duration.ofSeconds(10)).until(() -> outcomes(layout).size() == 3);
      assertThat(outcomes(layout))
          .containsExactlyInAnyOrder("delivered", "dead-letter:400", "delivered");
      SpoolEntry dead =
          SpoolFileFormat.decode(Files.readAllBytes(layout.deadLetterDir().resolve(ids.get(1))), 0);
      assertThat(dead.recordId()).isEqualTo(ids.get(1));
      assertThat(dead.record().payload()).isEqualTo("payload 2");
      await().atMost(Duration.ofSeconds(5)).until(() -> names(layout.queueDir()).isEmpty());
    }
  }

  @Test
  void aFailingRecordMovesToAFileOfItsOwnSoItsNeighboursAreNotSentAgainAfterARestart()
      throws Exception {
    TestBackend backend =
        postd.backend(
            r ->
                r.getBody().utf8().equals("payload 2")
                    ? TestBackend.status(500)
                    : TestBackend.status(201));
    TestRoot root = postd.root(dir).set("retry_initial_delay_ms", "5000");
    Layout layout = root.layout();
    List<String> ids;
    try (DaemonHarness d = DaemonHarness.start(root)) {
      ids = Fixtures.stageBatch(layout, Fixtures.record(1), Fixtures.record(2));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> outcomes(layout).size() == 1 && d.log().contains("attempt 1 failed"));
    }
    assertThat(names(layout.queueDir())).containsExactly(ids.get(1));
    assertThat(
            SpoolFileFormat.decode(Files.readAllBytes(layout.queueDir().resolve(ids.get(1))), 0)
                .record()
                .payload())
        .isEqualTo("payload 2");
    assertThat(layout.queueDir().resolve(ids.get(1) + ".retry")).exists();
    backend.answer(r -> TestBackend.status(201));
    try (DaemonHarness d = DaemonHarness.start(root)) {
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> journal(layout).stream().anyMatch(e -> e.recordId().equals(ids.get(1))));
      await().atMost(Duration.ofSeconds(5)).until(() -> names(layout.queueDir()).isEmpty());
    }
    assertThat(backend.hits)
        .extracting(TestBackend.Hit::recordId)
        .containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(1));
  }

  @Test
  void settledRecordsOfABatchAreNotSentAgainAfterARestart() throws Exception {
    TestBackend backend = postd.backend();
    // two records a minute: the third of the batch waits in it (postponed, not failed)
    TestRoot root =
        postd
            .root(dir)
            .set("rate_limit_enabled", "true")
            .set("record_burst_limit", "2")
            .set("record_window_length", "5");
    Layout layout = root.layout();
    List<String> ids;
    try (DaemonHarness d = DaemonHarness.start(root)) {
      ids = Fixtures.stageBatch(layout, Fixtures.record(1), Fixtures.record(2), Fixtures.record(3));
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.hits.size() == 2);
      Thread.sleep(300); // the third stays
      assertThat(d.daemon.queued()).isEqualTo(1);
    }
    Path batch = layout.queueDir().resolve(ids.get(0) + ".batch");
    assertThat(batch).exists();
    List<String> sent = backend.hits.stream().map(TestBackend.Hit::recordId).toList();
    assertThat(Files.readAllLines(batch.resolveSibling(batch.getFileName() + ".settled")))
        .containsExactlyInAnyOrderElementsOf(sent);

    try (DaemonHarness d = DaemonHarness.start(root.set("rate_limit_enabled", "false"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.hits.size() >= 3);
      await().atMost(Duration.ofSeconds(5)).until(() -> names(layout.queueDir()).isEmpty());
      assertThat(d.daemon.queued()).isZero();
    }
    assertThat(backend.hits)
        .extracting(TestBackend.Hit::recordId)
        .containsExactlyInAnyOrderElementsOf(ids);
    try (Stream<Path> s = Files.list(layout.queueDir())) {
      assertThat(s).isEmpty(); // the batch went with its log
    }
  }

  @Test
  void aDamagedEntryQuarantinesTheWholeFile() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      Fixtures.Batch batch = Fixtures.batch(Fixtures.record(1), Fixtures.record(2));
      List<String> ids = batch.ids();
      byte[] bytes = batch.bytes();
      bytes[bytes.length - 2] ^= 0x01; // the second record's payload
      AtomicFiles.write(layout.tmpDir(), layout.stagingDir().resolve(ids.get(0)), bytes);
      await().atMost(Duration.ofSeconds(10)).until(() -> d.counters().quarantined.get() == 1);
      assertThat(Files.readAllBytes(layout.quarantineDir().resolve(ids.get(0)))).isEqualTo(bytes);
      assertThat(Files.readString(layout.quarantineDir().resolve(ids.get(0) + ".reason")))
          .contains("checksum mismatch");
      assertThat(backend.records()).isEmpty();
      await().atMost(Duration.ofSeconds(10)).until(() -> !backend.lossReports().isEmpty());
      assertThat(backend.lossReports().get(0).body()).contains("reason.quarantined: 1\n");
      await().atMost(Duration.ofSeconds(5)).until(() -> names(layout.queueDir()).isEmpty());
    }
  }

  @Test
  void whatDoesNotFitOfABatchIsDroppedAndTheRestRewrittenWithinTheQuota() throws Exception {
    TestRoot root = Fixtures.root(dir, "").set("spool_max_size", "2");
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      List<String> ids =
          Fixtures.stageBatch(
              layout,
              Fixtures.record(1),
              Fixtures.record(2),
              Fixtures.record(3),
              Fixtures.record(4),
              Fixtures.record(5),
              Fixtures.record(6));
      await().atMost(Duration.ofSeconds(10)).until(() -> names(layout.stagingDir()).isEmpty());
      List<String> files = names(layout.queueDir());
      assertThat(files).containsExactly(ids.get(0) + ".batch");
      Path queued = layout.queueDir().resolve(ids.get(0) + ".batch");
      assertThat(Files.size(queued)).isLessThanOrEqualTo(2048).isEqualTo(d.daemon.queuedBytes());
      List<SpoolEntry> kept = SpoolFileFormat.decodeAll(Files.readAllBytes(queued), 0);
      assertThat(kept)
          .extracting(SpoolEntry::recordId)
          .containsExactlyElementsOf(ids.subList(0, kept.size()));
      assertThat(journal(layout))
          .hasSize(6 - kept.size())
          .allSatisfy(e -> assertThat(e.outcome()).contains("dropped:spool-full"))
          .extracting(JournalEntry::recordId)
          .containsExactlyElementsOf(ids.subList(kept.size(), 6));
      assertThat(d.counters().droppedSpoolFull.get()).isEqualTo(6 - kept.size());
    }
  }

  private static List<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".retry") && !n.endsWith(".settled"))
          .toList();
    }
  }
}

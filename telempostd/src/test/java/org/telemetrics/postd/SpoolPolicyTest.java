package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telemetrics.postd.DeliveryTest.journal;
import static org.telemetrics.postd.DeliveryTest.outcomes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.record.Ids;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.testing.GoldenVectors;
import org.telemetrics.testing.TestRoot;

@Timeout(60)
class SpoolPolicyTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  private static long count(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  private static int quarantinedIn(String lossReport) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("reason\\.quarantined: (\\d+)\n").matcher(lossReport);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  @Test
  void unreadableFilesAreQuarantinedWithTheirReasonAndOthersStillFlow() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      byte[] good =
          SpoolFileFormat.encode(
              SpoolEntry.of(Ids.random128(), System.currentTimeMillis(), Fixtures.record(1)));
      byte[] corrupt = good.clone();
      corrupt[corrupt.length - 2] ^= 0x01; // payload bit flip: checksum mismatch
      AtomicFiles.write(layout.tmpDir(), layout.stagingDir().resolve("corrupt"), corrupt);
      AtomicFiles.write(layout.tmpDir(), layout.stagingDir().resolve("empty"), new byte[0]);
      AtomicFiles.write(
          layout.tmpDir(),
          layout.stagingDir().resolve("truncated"),
          java.util.Arrays.copyOf(good, good.length / 2));
      String ok = Fixtures.stage(layout, Fixtures.record(2));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  d.counters().quarantined.get() == 3
                      && backend.records().size() == 1
                      && !backend.lossReports().isEmpty());
      assertThat(Files.readString(layout.quarantineDir().resolve("corrupt.reason")))
          .contains("checksum mismatch");
      assertThat(Files.readString(layout.quarantineDir().resolve("empty.reason")))
          .contains("empty");
      assertThat(layout.quarantineDir().resolve("truncated")).exists();
      assertThat(Files.readAllBytes(layout.quarantineDir().resolve("corrupt"))).isEqualTo(corrupt);
      assertThat(backend.records())
          .singleElement()
          .satisfies(h -> assertThat(h.recordId()).isEqualTo(ok));
      // the three may be reported together or, if a report left between them, apart
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  backend.lossReports().stream().mapToInt(h -> quarantinedIn(h.body())).sum() == 3);
    }
  }

  @Test
  void cClientSpoolFilesAreMigratedAndExpiredOnesDroppedWithAJournalLine() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    Files.createDirectories(layout.spoolDir());
    TelemetryRecord fresh = Fixtures.record("org.example/c/fresh", "from the C client");
    Files.write(layout.spoolDir().resolve("oafR86"), Fixtures.cStagedFile(fresh));
    // The C test vector: created in 2014, long past record_expiry.
    Files.write(layout.spoolDir().resolve("Ygwese"), GoldenVectors.bytes("staged/correct_message"));
    try (DaemonHarness d = DaemonHarness.start(root)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> outcomes(layout).size() == 3);
      assertThat(backend.lossReports())
          .singleElement()
          .satisfies(h -> assertThat(h.body()).contains("reason.expired: 1\n"));
      assertThat(backend.records())
          .singleElement()
          .satisfies(
              h -> {
                assertThat(h.request().getBody().string(StandardCharsets.UTF_8))
                    .isEqualTo("from the C client");
                assertThat(h.request().getHeaders().get("Event-Id")).isEqualTo(fresh.eventId());
              });
      assertThat(journal(layout))
          .anySatisfy(
              e -> {
                assertThat(e.classification()).isEqualTo("crash/kernel/bug");
                assertThat(e.outcome()).contains("dropped:expired");
              });
      assertThat(d.counters().droppedExpired.get()).isEqualTo(1);
      assertThat(layout.spoolDir().resolve("oafR86")).doesNotExist();
      assertThat(layout.spoolDir().resolve("Ygwese")).doesNotExist();
    }
  }

  @Test
  void recordsExpireWhileWaitingForAFailingServer() throws Exception {
    TestBackend backend = postd.backend(r -> TestBackend.status(500));
    TestRoot root = postd.root(dir).set("record_expiry", "1");
    Layout layout = root.layout();
    TelemetryRecord old =
        RecordBuilder.create("org.example/expiry/old", Fixtures.HOST)
            .creationTimestamp(Fixtures.now() - 57)
            .payload("x")
            .build()
            .withMachineId("0123456789abcdef0123456789abcdef");
    try (DaemonHarness d = DaemonHarness.start(root)) {
      String id = Fixtures.stage(layout, old);
      await().atMost(Duration.ofSeconds(15)).until(() -> outcomes(layout).size() == 1);
      assertThat(outcomes(layout)).containsExactly("dropped:expired");
      assertThat(backend.hits).isNotEmpty();
      // the journal line comes first, then the files go
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  !Files.exists(layout.queueDir().resolve(id))
                      && !Files.exists(layout.queueDir().resolve(id + ".retry")));
    }
  }

  @Test
  void fullSpoolDropsTheOldestAndNeverExceedsTheQuota() throws Exception {
    TestRoot root = Fixtures.root(dir, "").set("spool_max_size", "2");
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(Fixtures.stage(layout, Fixtures.record(i)));
        await().atMost(Duration.ofSeconds(5)).until(() -> count(layout.stagingDir()) == 0);
        assertThat(d.daemon.queuedBytes()).isLessThanOrEqualTo(2048);
        assertThat(du(layout.queueDir())).isLessThanOrEqualTo(2048);
      }
      List<String> queued = listNames(layout.queueDir());
      assertThat(queued).isNotEmpty().allMatch(ids.subList(5, 10)::contains);
      assertThat(queued).contains(ids.get(9));
      assertThat(journal(layout))
          .hasSize(10 - queued.size())
          .allSatisfy(e -> assertThat(e.outcome()).contains("dropped:spool-full"))
          .extracting(e -> e.recordId())
          .containsExactlyElementsOf(ids.subList(0, 10 - queued.size()));
      assertThat(d.counters().droppedSpoolFull.get()).isEqualTo(10 - queued.size());
    }
  }

  @Test
  void fullSpoolWithDropNewestKeepsTheFirstRecords() throws Exception {
    TestRoot root =
        Fixtures.root(dir, "").set("spool_max_size", "2").set("spool_full_policy", "drop-newest");
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(Fixtures.stage(layout, Fixtures.record(i)));
        await().atMost(Duration.ofSeconds(5)).until(() -> count(layout.stagingDir()) == 0);
        assertThat(du(layout.queueDir())).isLessThanOrEqualTo(2048);
      }
      List<String> queued = listNames(layout.queueDir());
      assertThat(ids.subList(0, queued.size())).containsExactlyInAnyOrderElementsOf(queued);
      assertThat(outcomes(layout)).hasSize(10 - queued.size()).containsOnly("dropped:spool-full");
    }
  }

  @Test
  void lowDiskSpaceIsTreatedAsAFullSpool() throws Exception {
    TestRoot root =
        Fixtures.root(dir, "").set("spool_keep_free", "10").set("spool_full_policy", "drop-newest");
    Layout layout = root.layout();
    try (DaemonHarness d = new DaemonHarness(root, p -> 3)) {
      Fixtures.stage(layout, Fixtures.record(1));
      await().atMost(Duration.ofSeconds(5)).until(() -> outcomes(layout).size() == 1);
      assertThat(outcomes(layout)).containsExactly("dropped:disk-full");
      assertThat(layout.queueDir()).isEmptyDirectory();
    }
  }

  @Test
  void symlinksInStagingAndQueueAreNeverFollowed() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    Path outside = dir.resolve("outside-record");
    SpoolEntry entry =
        SpoolEntry.of(Ids.random128(), System.currentTimeMillis(), Fixtures.record(7));
    byte[] bytes = SpoolFileFormat.encode(entry);
    Files.write(outside, bytes);
    Files.createDirectories(layout.queueDir());
    Files.createSymbolicLink(layout.queueDir().resolve(entry.recordId()), outside);
    try (DaemonHarness d = DaemonHarness.start(root)) {
      Files.createSymbolicLink(layout.stagingDir().resolve("planted"), outside);
      Files.createSymbolicLink(layout.spoolDir().resolve("Cplant"), outside);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> d.counters().quarantined.get() == 3 && !backend.lossReports().isEmpty());
      assertThat(backend.records()).isEmpty();
      assertThat(Files.isSymbolicLink(layout.quarantineDir().resolve("planted"))).isTrue();
      assertThat(Files.readString(layout.quarantineDir().resolve("planted.reason")))
          .contains("not a regular file");
      assertThat(Files.readAllBytes(outside)).isEqualTo(bytes);
      assertThat(layout.queueDir()).isEmptyDirectory();
    }
  }

  @Test
  void deliveryDisabledKeepsRecordsLocalWithRetainedPayloads() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root =
        postd
            .root(dir)
            .set("record_server_delivery_enabled", "false")
            .set("record_retention_enabled", "true");
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      String id = Fixtures.stage(layout, Fixtures.record("org.example/local/only", "keep me"));
      await().atMost(Duration.ofSeconds(10)).until(() -> outcomes(layout).size() == 1);
      assertThat(outcomes(layout)).containsExactly("local-only");
      assertThat(journal(layout).get(0).recordId()).isEqualTo(id);
      assertThat(Files.readString(layout.retentionDir().resolve(id))).isEqualTo("keep me");
      assertThat(backend.hits).isEmpty();
      assertThat(layout.queueDir()).isEmptyDirectory();
    }
  }

  @Test
  void journalIsPrunedToItsLimitWithTheRetainedCopies() throws Exception {
    TestRoot root =
        postd.root(dir).set("journal_limit", "4").set("record_retention_enabled", "true");
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      for (int i = 0; i < 13; i++) {
        Fixtures.stage(layout, Fixtures.record(i));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> d.counters().delivered.get() == 13);
      int lines = journal(layout).size();
      assertThat(lines).isBetween(4, 6);
      assertThat(count(layout.retentionDir())).isEqualTo(lines);
      for (var e : journal(layout)) {
        assertThat(layout.retentionDir().resolve(e.recordId())).exists();
      }
    }
  }

  @Test
  void attemptsSurviveARestart() throws Exception {
    TestBackend backend = postd.backend(r -> TestBackend.status(500));
    TestRoot root = postd.root(dir).set("retry_initial_delay_ms", "300");
    Layout layout = root.layout();
    String id;
    try (DaemonHarness d = DaemonHarness.start(root)) {
      id = Fixtures.stage(layout, Fixtures.record(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.hits.size() >= 2);
    }
    Path sidecar = layout.queueDir().resolve(id + ".retry");
    String state = Files.readString(sidecar);
    assertThat(state).contains("last: HTTP 500");
    int attempts =
        Integer.parseInt(
            state
                .lines()
                .filter(l -> l.startsWith("attempts: "))
                .findFirst()
                .orElseThrow()
                .substring(10));
    assertThat(attempts).isGreaterThanOrEqualTo(2);
    backend.answer(r -> TestBackend.status(201));
    try (DaemonHarness d = DaemonHarness.start(root)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> outcomes(layout).size() == 1);
      assertThat(sidecar).doesNotExist();
      assertThat(backend.hits).allMatch(h -> h.recordId().equals(id));
    }
  }

  @Test
  void rateLimitedRecordsAreDroppedOrKeptByStrategy() throws Exception {
    TestRoot root =
        postd
            .root(dir)
            .set("rate_limit_enabled", "true")
            .set("record_burst_limit", "1")
            .set("record_window_length", "5")
            .set("rate_limit_strategy", "drop");
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      Fixtures.stage(layout, Fixtures.record(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> outcomes(layout).size() == 1);
      Fixtures.stage(layout, Fixtures.record(2));
      await().atMost(Duration.ofSeconds(10)).until(() -> outcomes(layout).size() == 2);
      assertThat(outcomes(layout)).containsExactly("delivered", "dropped:rate-limit");
    }
  }

  @Test
  void rateLimitedRecordsWaitWithTheSpoolStrategy() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root =
        postd
            .root(dir)
            .set("rate_limit_enabled", "true")
            .set("record_burst_limit", "-1")
            .set("byte_burst_limit", "1000")
            .set("byte_window_length", "5");
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      for (int i = 0; i < 5; i++) {
        Fixtures.stage(layout, Fixtures.record(i));
      }
      TelemetryRecord r = Fixtures.record(1);
      int size = (r.headerText() + r.payload()).getBytes(StandardCharsets.UTF_8).length;
      int allowed = 1000 / size;
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.hits.size() >= allowed);
      Thread.sleep(1000); // nothing more may pass within this minute
      assertThat(backend.hits).hasSize(allowed);
      assertThat(d.daemon.queued()).isEqualTo(5 - allowed);
    }
  }

  @Test
  void recyclingExitsWhenIdleAndEmpty() throws Exception {
    TestRoot root =
        Fixtures.root(dir, "")
            .set("daemon_recycling_enabled", "true")
            .set("postd_idle_exit_time", "1");
    try (DaemonHarness d = DaemonHarness.start(root)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !d.running());
      assertThat(d.exitCode()).isZero();
      assertThat(d.log()).contains("idle for 1 s");
    }
  }

  @Test
  void staleStateTemporariesOfAKilledRunAreRemoved() throws Exception {
    TestRoot root = Fixtures.root(dir, "");
    Layout layout = root.layout();
    Files.createDirectories(layout.tmpDir());
    Path stale = layout.tmpDir().resolve("." + Ids.random128() + ".retry.12345.tmp");
    Path fresh = layout.tmpDir().resolve("." + Ids.random128() + ".retry.67890.tmp");
    Path probds = layout.tmpDir().resolve("." + Ids.random128() + ".12345.tmp");
    for (Path p : List.of(stale, fresh, probds)) {
      Files.writeString(p, "attempts: 1\n");
    }
    Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
    Files.setLastModifiedTime(probds, java.nio.file.attribute.FileTime.fromMillis(0));
    try (DaemonHarness d = DaemonHarness.start(root)) {
      assertThat(stale).doesNotExist();
      assertThat(fresh).exists();
      assertThat(probds).exists(); // telemprobd's own; it removes those itself
    }
  }

  private static List<String> listNames(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".retry")).toList();
    }
  }

  private static long du(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.mapToLong(p -> p.toFile().length()).sum();
    }
  }
}

package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.postd.loss.LossReporter;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.TestRoot;

/** Records dropped by policy are reported upstream: how many, why, and when they were made. */
@Timeout(60)
class LossReportTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  private static TelemetryRecord createdAt(long epochSeconds) {
    return RecordBuilder.create("org.example/loss/old", Fixtures.HOST)
        .creationTimestamp(epochSeconds)
        .payload("secret payload")
        .build()
        .withMachineId("0123456789abcdef0123456789abcdef");
  }

  @Test
  void expiredRecordsAreReportedInOneLossRecordWithoutTheirPayloads() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir).set("record_expiry", "1");
    Layout layout = root.layout();
    long old = Fixtures.now() - 3600;
    try (DaemonHarness d = DaemonHarness.start(root)) {
      Fixtures.stageBatch(layout, createdAt(old), createdAt(old + 10));
      await().atMost(Duration.ofSeconds(15)).until(() -> !backend.hits.isEmpty());
      assertThat(backend.hits)
          .singleElement()
          .satisfies(
              h -> {
                assertThat(h.request().getHeaders().get("classification"))
                    .isEqualTo(LossReporter.CLASSIFICATION);
                assertThat(h.request().getHeaders().get("machine-id"))
                    .isEqualTo("0123456789abcdef0123456789abcdef");
                assertThat(h.request().getBody().string(StandardCharsets.UTF_8))
                    .isEqualTo(
                        "lost: 2\noldest_created: "
                            + old
                            + "\nnewest_created: "
                            + (old + 10)
                            + "\nreason.expired: 2\n");
                assertThat(Fixtures.backendViolation(h.request())).isEmpty();
              });
      assertThat(d.counters().droppedExpired.get()).isEqualTo(2);
    }
  }

  @Test
  void aTallyThatCouldNotBeQueuedSurvivesARestart() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir).set("record_expiry", "1");
    Layout layout = root.layout();
    FullDisk disk = new FullDisk();
    try (DaemonHarness d = new DaemonHarness(root, p -> 100, disk, TimeSource.system())) {
      disk.fill(p -> p.startsWith(layout.stagingDir()));
      Fixtures.stage(layout, createdAt(Fixtures.now() - 3600));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> layout.spoolDir().resolve(LossReporter.LEDGER).toFile().exists());
    }
    assertThat(backend.hits).isEmpty();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> !backend.hits.isEmpty());
      assertThat(backend.hits)
          .singleElement()
          .satisfies(
              h ->
                  assertThat(h.request().getBody().string(StandardCharsets.UTF_8))
                      .contains("reason.expired: 1"));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !layout.spoolDir().resolve(LossReporter.LEDGER).toFile().exists());
    }
  }
}

package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telemetrics.postd.DeliveryTest.outcomes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.testing.TestRoot;

/** ENOSPC pauses what needs space and never ends the daemon; delivery goes on and frees space. */
@Timeout(60)
class DiskFullTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  @Test
  void aSettledLogThatCannotBeAppendedDoesNotStopDelivery() throws Exception {
    // slow answers: the batch file lingers, so the settled records are logged beside it
    TestBackend backend =
        postd.backend(
            r -> {
              sleep(300);
              return TestBackend.status(201);
            });
    TestRoot root = postd.root(dir).set("post_parallelism", "1");
    Layout layout = root.layout();
    FullDisk disk = new FullDisk().fillAll();
    try (DaemonHarness d = new DaemonHarness(root, p -> 100, disk, TimeSource.system())) {
      List<String> ids =
          Fixtures.stageBatch(
              layout,
              Fixtures.record(1),
              Fixtures.record(2),
              Fixtures.record(3),
              Fixtures.record(4));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> outcomes(layout).size() == 4 || !d.running());
      assertThat(d.running()).isTrue();
      assertThat(disk.refused.get()).isPositive(); // the append was tried and refused
      assertThat(outcomes(layout)).containsOnly("delivered");
      assertThat(backend.hits)
          .extracting(TestBackend.Hit::recordId)
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(d.log()).contains(".settled").contains("No space left on device");
      await().atMost(Duration.ofSeconds(5)).until(() -> isEmpty(layout.queueDir()));
    }
  }

  @Test
  void intakeWaitsForSpaceWhileRecordsAlreadyQueuedAreDelivered() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    FullDisk disk = new FullDisk();
    try (DaemonHarness d = new DaemonHarness(root, p -> 100, disk, TimeSource.system())) {
      disk.fill(p -> p.startsWith(layout.queueDir()));
      // a C client's file is rewritten into the queue: that needs space
      Files.write(
          layout.spoolDir().resolve("oafR86"),
          Fixtures.cStagedFile(Fixtures.record("org.example/c/late", "from the C client")));
      await().atMost(Duration.ofSeconds(10)).until(() -> d.log().contains("is full"));
      assertThat(layout.spoolDir().resolve("oafR86")).exists(); // kept, still acknowledged
      String staged = Fixtures.stage(layout, Fixtures.record(2)); // a rename: no space needed
      assertThat(d.running()).isTrue();
      disk.free();
      await().atMost(Duration.ofSeconds(20)).until(() -> d.counters().delivered.get() == 2);
      assertThat(backend.hits).extracting(TestBackend.Hit::recordId).contains(staged);
      assertThat(layout.spoolDir().resolve("oafR86")).doesNotExist();
    }
  }

  private static boolean isEmpty(Path d) throws Exception {
    try (var s = Files.list(d)) {
      return s.findAny().isEmpty();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telemetrics.postd.StatusReporter.NOT_OPTED_IN;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;
import org.telemetrics.testing.TestRoot;

/**
 * The opt-in marker removed while telempostd runs (by hand, or by telemctl opt-out where no systemd
 * stops the daemon): nothing more leaves the machine, and sending resumes once it is back.
 */
@Timeout(60)
class NotOptedInTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  @Test
  void nothingIsSentWhileTheMarkerIsMissingAndTheQueueWaitsForItsReturn() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    try (DaemonHarness d = DaemonHarness.start(root)) {
      Fixtures.stage(root.layout(), Fixtures.record(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.hits.size() == 1);

      root.optOut();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> d.log().contains("not opted in (" + root.layout().optInFile()));
      Fixtures.stage(root.layout(), Fixtures.record(2));
      Fixtures.stage(root.layout(), Fixtures.record(3));
      await().atMost(Duration.ofSeconds(10)).until(() -> d.daemon.queued() == 2);
      assertThat(backend.hits).as("sent after the opt-out").hasSize(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> state(root).equals(NOT_OPTED_IN));

      root.optIn();
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.hits.size() == 3);
      assertThat(d.log()).contains("opted in again (" + root.layout().optInFile());
      await().atMost(Duration.ofSeconds(10)).until(() -> state(root).equals(StatusReporter.IDLE));
    }
  }

  @Test
  void notOptedInItExitsWhenIdleAndKeepsTheQueue() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root =
        postd.root(dir).set("daemon_recycling_enabled", "true").set("postd_idle_exit_time", "1");
    root.optOut();
    Fixtures.stage(root.layout(), Fixtures.record(1));
    try (DaemonHarness d = DaemonHarness.start(root)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> !d.running());

      assertThat(d.exitCode()).isZero();
      assertThat(d.log()).contains("s while not opted in; exiting, 1 records kept");
      assertThat(d.daemon.queued()).isEqualTo(1);
      assertThat(backend.hits).isEmpty();
      assertThat(state(root)).isEqualTo("stopped");
    }
  }

  /** What telemctl status shows of telempostd. */
  private static String state(TestRoot root) throws IOException {
    Path file = root.config().path(ConfigKeys.POSTD_STATUS_FILE);
    return StatusFile.read(file).get(DaemonStatus.STATE).orElse("");
  }
}

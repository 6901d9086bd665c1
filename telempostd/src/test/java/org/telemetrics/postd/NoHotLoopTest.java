package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telemetrics.config.Layout;
import org.telemetrics.postd.time.TimeSource;
import org.telemetrics.testing.TestRoot;

/**
 * A failure nobody planned for must lead to a backoff, never to the record being due again at
 * once: the daemon once sent 36,301 POSTs in 10 s with a full disk and a server answering 500.
 */
@Timeout(60)
class NoHotLoopTest {
  /** Over {@link #WATCH} with 200 ms initial backoff, a handful of attempts at most. */
  private static final Duration WATCH = Duration.ofSeconds(3);
  private static final int MAX_ATTEMPTS_IN_WATCH = 10;

  @TempDir Path dir;

  @Test
  void aFullDiskWhileTheServerAnswers500BacksOff() throws Exception {
    try (TestBackend backend = new TestBackend(r -> TestBackend.status(500))) {
      TestRoot root = Fixtures.root(dir, backend.url());
      Layout layout = root.layout();
      FullDisk disk = new FullDisk();
      try (DaemonHarness d = new DaemonHarness(root, p -> 100, disk, TimeSource.system())) {
        String id = Fixtures.stage(layout, Fixtures.record(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !backend.hits.isEmpty());
        disk.fillAll();
        int before = backend.hits.size();
        Thread.sleep(WATCH.toMillis());
        assertThat(backend.hits.size() - before).isLessThanOrEqualTo(MAX_ATTEMPTS_IN_WATCH);
        assertThat(disk.refused.get()).isLessThanOrEqualTo(MAX_ATTEMPTS_IN_WATCH);
        assertThat(d.running()).isTrue();
        assertThat(d.log().lines().filter(l -> l.contains("No space left"))).hasSizeLessThan(5);
        assertThat(d.daemon.queued()).isEqualTo(1); // kept: nothing is lost to the fault
        disk.free();
        backend.answer(r -> TestBackend.status(201));
        await().atMost(Duration.ofSeconds(15)).until(() -> d.counters().delivered.get() == 1);
        assertThat(backend.hits).allMatch(h -> h.recordId().equals(id));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://[::1", "file:///etc/passwd"})
  void aServerUrlTheHttpClientRefusesPausesSendingAndIsLoggedOnce(String server)
      throws Exception {
    TestRoot root = Fixtures.root(dir, server);
    Layout layout = root.layout();
    try (DaemonHarness d = DaemonHarness.start(root)) {
      Fixtures.stage(layout, Fixtures.record(1));
      Fixtures.stage(layout, Fixtures.record(2));
      await().atMost(Duration.ofSeconds(10)).until(() -> d.log().contains("cannot build"));
      Thread.sleep(WATCH.toMillis());
      assertThat(d.log().lines().filter(l -> l.contains("cannot build")).count())
          .isLessThanOrEqualTo(MAX_ATTEMPTS_IN_WATCH);
      assertThat(d.log()).contains("server unavailable");
      assertThat(d.counters().retried.get()).isLessThanOrEqualTo(MAX_ATTEMPTS_IN_WATCH);
      assertThat(d.running()).isTrue();
      assertThat(d.daemon.queued()).isEqualTo(2);
    }
  }

  @Test
  void aCarriageReturnInTheTidHeaderPausesSendingInsteadOfSpinning() throws Exception {
    try (TestBackend backend = TestBackend.created()) {
      TestRoot root = Fixtures.root(dir, backend.url()).set("tidheader", "X-Telemetry-TID: a\rb");
      Layout layout = root.layout();
      try (DaemonHarness d = DaemonHarness.start(root)) {
        Fixtures.stage(layout, Fixtures.record(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> d.counters().retried.get() > 0);
        Thread.sleep(WATCH.toMillis());
        assertThat(d.counters().retried.get()).isLessThanOrEqualTo(MAX_ATTEMPTS_IN_WATCH);
        assertThat(backend.hits).isEmpty();
        assertThat(d.running()).isTrue();
      }
    }
  }
}

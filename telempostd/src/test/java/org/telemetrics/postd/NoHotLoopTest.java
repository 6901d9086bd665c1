package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.postd.spool.DiskWrites;
import org.telemetrics.testing.TestRoot;

/**
 * A failure nobody planned for must lead to a backoff, never to the record being due again at once:
 * the daemon once sent 36,301 POSTs in 10 s with a full disk and a server answering 500.
 */
@Timeout(60)
class NoHotLoopTest {
  /** Over {@link #WATCH} with 200 ms initial backoff, a handful of attempts at most. */
  private static final Duration WATCH = Duration.ofSeconds(3);

  private static final int MAX_ATTEMPTS_IN_WATCH = 10;

  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  @Test
  void aFullDiskWhileTheServerAnswers500BacksOff() throws Exception {
    TestBackend backend = postd.backend(r -> TestBackend.status(500));
    TestRoot root = postd.root(dir);
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

  /*
   * The configuration check refuses the values below at start (StartWithBadValuesTest); these
   * tests bypass it, since a request the HTTP client refuses must never make the daemon spin
   * whatever its cause.
   */

  @ParameterizedTest
  @ValueSource(strings = {"http://[::1", "file:///etc/passwd"})
  void aServerUrlTheHttpClientRefusesPausesSendingAndIsLoggedOnce(String server) throws Exception {
    TestRoot root = Fixtures.root(dir, "http://127.0.0.1:9/");
    Layout layout = root.layout();
    PostdSettings s = unchecked(PostdSettings.from(root.config()), server, null);
    try (DaemonHarness d = harness(s)) {
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
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    PostdSettings s = unchecked(PostdSettings.from(root.config()), null, "X-Telemetry-TID: a\rb");
    try (DaemonHarness d = harness(s)) {
      Fixtures.stage(layout, Fixtures.record(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> d.counters().retried.get() > 0);
      Thread.sleep(WATCH.toMillis());
      assertThat(d.counters().retried.get()).isLessThanOrEqualTo(MAX_ATTEMPTS_IN_WATCH);
      assertThat(backend.hits).isEmpty();
      assertThat(d.running()).isTrue();
    }
  }

  private static DaemonHarness harness(PostdSettings s) throws Exception {
    return new DaemonHarness(s, dir -> 100, DiskWrites.system(), TimeSource.system());
  }

  /** {@code s} with a server or tidheader (null: unchanged) that no check has seen. */
  private static PostdSettings unchecked(PostdSettings s, String server, String tidHeader) {
    return new PostdSettings(
        s.layout(),
        server == null ? s.server() : server,
        s.format(),
        tidHeader == null ? s.tidHeader() : tidHeader,
        s.caInfo(),
        s.clientCert(),
        s.clientKey(),
        s.proxy(),
        s.connectTimeout(),
        s.readTimeout(),
        s.callTimeout(),
        s.parallelism(),
        s.retryInitial(),
        s.retryMax(),
        s.retryMaxAttempts(),
        s.rateLimit(),
        s.dropWhenRateLimited(),
        s.spoolMaxBytes(),
        s.dropOldestWhenFull(),
        s.keepFreePercent(),
        s.recordExpirySeconds(),
        s.journalLimit(),
        s.retention(),
        s.serverDelivery(),
        s.deadLetterLimit(),
        s.recycling(),
        s.idleExit(),
        s.rescanInterval(),
        s.statusFile(),
        s.classificationLabels(),
        s.usage(),
        s.postHeaders(),
        s.otlp());
  }
}

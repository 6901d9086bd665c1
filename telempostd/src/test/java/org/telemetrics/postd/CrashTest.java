package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * 10,000 records sent by a probe client through the real telemprobd and telempostd while the
 * backend fails 30 % of requests (500s and stalls past the read timeout) and telempostd is killed
 * -9 at 20 random moments: every record telemprobd acknowledged must arrive at least once;
 * duplicates (re-sends after an uncertain outcome) keep their record id.
 */
@Timeout(300)
class CrashTest {
  static final int RECORDS = 10_000;
  static final int KILLS = 20;
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  @Test
  void killNineAtRandomMomentsLosesNothing() throws Exception {
    Random random = new Random(20261130L);
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    AtomicInteger accepts = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger stalled = new AtomicInteger();
    Random serverRandom = new Random(7);
    TestBackend backend =
        postd.backend(
            r -> {
              double roll;
              synchronized (serverRandom) {
                roll = serverRandom.nextDouble();
              }
              if (roll < 0.25) {
                failures.incrementAndGet();
                return TestBackend.status(500);
              }
              if (roll < 0.30) { // a stall: the answer comes after the client gave up (uncertain)
                failures.incrementAndGet();
                stalled
                    .incrementAndGet(); // stored by the backend, but not counted as delivered here
                return new MockResponse.Builder()
                    .code(201)
                    .headersDelay(2, TimeUnit.SECONDS)
                    .build();
              }
              accepts.incrementAndGet();
              accepted.add(Fixtures.recordId(r));
              return TestBackend.status(201);
            });
    TestRoot root =
        postd
            .root(dir)
            .set("post_parallelism", "16")
            .set("post_read_timeout_ms", "500")
            .set("post_call_timeout_ms", "1000")
            .set("retry_initial_delay_ms", "100")
            .set("retry_max_delay_ms", "1000")
            // This test is about kill -9, not the quota: a backlog of 10,000 records under a 30 %
            // failure rate can pass the default 5 MiB, and drop-oldest would then (rightly) drop.
            .set("spool_max_size", "-1")
            .set("spool_keep_free", "0");
    Layout layout = root.layout();
    List<String> ids = new ArrayList<>(RECORDS);
    java.util.concurrent.atomic.AtomicLong stagingMillis =
        new java.util.concurrent.atomic.AtomicLong();
    long begin = System.nanoTime();
    JavaProcess probd = Probd.start(root);
    org.telemetrics.client.TelemetryClient client =
        org.telemetrics.client.TelemetryClient.create(root.config());
    Thread stager =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < RECORDS; i++) {
                  String id = Probd.send(client, "org.example/crash/r" + (i % 10), "record " + i);
                  synchronized (ids) {
                    ids.add(id);
                  }
                }
                stagingMillis.set((System.nanoTime() - begin) / 1_000_000);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "stager");
    stager.start();
    for (int k = 0; k < KILLS; k++) {
      try (JavaProcess p =
          JavaProcess.start(
              TelempostdProcessTest.MAIN, List.of(), root.env(), dir.resolve("postd.out"))) {
        Thread.sleep(400 + random.nextInt(1600));
        p.kill9();
      }
    }
    stager.join(120_000);
    assertThat(ids).hasSize(RECORDS);
    long start = System.nanoTime();
    System.out.println(
        "staging took "
            + stagingMillis.get()
            + " ms; kill phase "
            + (start - begin) / 1_000_000
            + " ms");
    try (JavaProcess last =
        JavaProcess.start(
            TelempostdProcessTest.MAIN, List.of(), root.env(), dir.resolve("postd.out"))) {
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    accepted.size() == RECORDS
                        && Fixtures.noRecordIn(layout.queueDir())
                        && Fixtures.noRecordIn(layout.stagingDir()));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        String out = Files.readString(dir.resolve("postd.out"));
        throw new AssertionError(
            "accepted "
                + accepted.size()
                + ", queue "
                + count(layout.queueDir())
                + ", staging "
                + count(layout.stagingDir())
                + ", quarantine "
                + count(layout.quarantineDir())
                + ", dead "
                + count(layout.deadLetterDir())
                + ", drops logged "
                + out.lines().filter(l -> l.contains(") dropped: ")).count()
                + "; output tail:\n"
                + out.substring(Math.max(0, out.length() - 4000)),
            e);
      }
      last.terminate();
      last.waitFor(Duration.ofSeconds(15));
    }
    long duplicates = accepts.get() - accepted.size();
    System.out.printf(
        "crash test: %d records, %d kills, %d requests answered 201, %d failed"
            + " (%d of them stalls the backend also stored), %d duplicate 201s (same record id),"
            + " final drain %d ms%n",
        RECORDS,
        KILLS,
        accepts.get(),
        failures.get(),
        stalled.get(),
        duplicates,
        (System.nanoTime() - start) / 1_000_000);
    assertThat(accepted).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(layout.deadLetterDir()).isEmptyDirectory();
    assertThat(layout.quarantineDir()).isEmptyDirectory();
    assertThat(Files.readString(dir.resolve("postd.out"))).doesNotContain("Exception");
    probd.terminate();
    probd.waitFor(Duration.ofSeconds(15));
  }

  private static long count(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }
}

package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.testing.TestRoot;

/**
 * The classification label stays bounded end to end: 10,000 records, each with a classification of
 * its own, plus a few matching the two globs of {@code metrics_classifications}, go through the
 * real telemprobd and telempostd to a loopback backend. What {@code telemctl metrics} then shows
 * has at most (globs + 1) classification series for records accepted and delivered, the glob series
 * count exactly the records sent under them, and the series add up to what the probes saw
 * acknowledged and the backend received.
 */
@Timeout(value = 420)
class ClassificationCardinalityTest {
  static final String CRASH_GLOB = "org.clearlinux/crash/*";
  static final String WATCHED_GLOB = "org.example/watched/*";
  static final int DISTINCT = 10_000;
  static final int CRASHES = 40;
  static final int WATCHED = 25;
  static final int PROBES = 8;

  @TempDir Path dir;

  @Test
  void tenThousandClassificationsMakeAtMostOneSeriesPerGlobPlusOther() throws Exception {
    Ledger ledger = new Ledger();
    List<String> classifications = classifications();
    try (FaultyBackend backend = new FaultyBackend(ledger)) {
      TestRoot root =
          Daemons.root(dir, backend.url())
              .set("metrics_classifications", CRASH_GLOB + " " + WATCHED_GLOB);
      try (Daemons daemons = Daemons.of(root).start()) {
        sendEach(daemons, classifications, ledger);
        Awaitility.await()
            .atMost(Duration.ofSeconds(240))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> ledger.missing().isEmpty());
        // SIGTERM: each daemon writes its counters as it exits; the reading is of the final ones
        assertThat(daemons.postd.stop()).as(daemons.outputs()).isZero();
        assertThat(daemons.probd.stop()).as(daemons.outputs()).isZero();
      }
      Ledger.Tally tally = ledger.tally();
      assertThat(tally.acknowledged()).isEqualTo(classifications.size());
      assertThat(tally.lost()).isZero();
      assertThat(backend.violations()).isEmpty();
      long receptions = tally.received() + tally.duplicates();

      MetricsReading metrics = MetricsReading.of(root);
      Map<String, Long> expected = new LinkedHashMap<>();
      expected.put(CRASH_GLOB, (long) CRASHES);
      expected.put(WATCHED_GLOB, (long) WATCHED);
      expected.put("other", (long) DISTINCT);
      String accepted = "telemetrics_records_accepted_total";
      String delivered = "telemetrics_records_delivered_total";
      checkBoundedAndSummed(metrics, accepted, tally.acknowledged(), expected.size());
      checkBoundedAndSummed(metrics, delivered, receptions, expected.size());
      checkLabels(metrics, accepted, expected);
      checkLabels(metrics, delivered, expected);
    }
  }

  /** At most {@code maxSeries} series, summing to {@code total}. */
  private static void checkBoundedAndSummed(
      MetricsReading metrics, String name, long total, int maxSeries) {
    List<MetricsReading.Series> series = metrics.series(name);
    assertThat(series).as(name + " " + series).isNotEmpty().hasSizeLessThanOrEqualTo(maxSeries);
    assertThat(metrics.sum(name))
        .as("sum over the series of " + name + " " + series)
        .isEqualTo((double) total);
  }

  /** Only the globs and "other" as label values, each with exactly its expected count. */
  private static void checkLabels(MetricsReading metrics, String name, Map<String, Long> expected) {
    Map<String, Double> byLabel = metrics.byLabel(name, "classification");
    System.out.println("faults: " + name + " by classification: " + byLabel);
    assertThat(byLabel.keySet())
        .as("classification label values of %s: %s", name, byLabel)
        .isSubsetOf(expected.keySet());
    expected.forEach(
        (label, count) ->
            assertThat(byLabel.getOrDefault(label, 0.0))
                .as("%s{classification=\"%s\"}; all: %s", name, label, byLabel)
                .isEqualTo((double) count));
  }

  /** Every record a classification of its own: DISTINCT under no glob, some under each glob. */
  private static List<String> classifications() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < DISTINCT; i++) {
      all.add("org.example/cardinality/c" + i);
    }
    for (int i = 0; i < CRASHES; i++) {
      all.add("org.clearlinux/crash/k" + i);
    }
    for (int i = 0; i < WATCHED; i++) {
      all.add("org.example/watched/w" + i);
    }
    java.util.Collections.shuffle(all, new java.util.Random(15));
    return all;
  }

  /** Sends each once from PROBES concurrent in-JVM probes over the real socket. */
  private static void sendEach(Daemons daemons, List<String> classifications, Ledger ledger)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < PROBES; t++) {
      TelemetryClient client = daemons.client();
      Thread thread =
          new Thread(
              () -> {
                for (int n; (n = next.getAndIncrement()) < classifications.size(); ) {
                  SendResult r =
                      client.send(
                          client
                              .newRecord(classifications.get(n))
                              .payload(Ledger.payload(n, 64))
                              .build());
                  if (r instanceof SendResult.Accepted a) {
                    ledger.acknowledged(n, a.recordId());
                  } else {
                    failures.add(classifications.get(n) + ": " + r);
                  }
                }
              },
              "probe-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures)
        .as("records telemprobd did not acknowledge\n" + daemons.outputs())
        .isEmpty();
  }
}

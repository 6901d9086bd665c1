package org.telemetrics.faults;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.telemetrics.testing.TestRoot;

/**
 * One chaos run: probe clients send uniquely numbered records through the real telemprobd and
 * telempostd while both are killed with SIGKILL at random moments (and started again at once) and
 * the backend flaps between healthy and broken. Then the backend stays healthy and the run waits
 * until every acknowledged record has arrived, or the drain limit passes.
 */
final class ChaosRun {
  /** Figures of a finished run. */
  record Result(
      ChaosPlan plan,
      Ledger.Tally tally,
      int probdKills,
      int postdKills,
      int unexpectedExits,
      String faults,
      long probdPeakRssKb,
      long postdPeakRssKb,
      long maxLogLinesPerSecond,
      long drainMillis,
      List<String> missing,
      List<String> violations,
      String outputs) {
    int kills() {
      return probdKills + postdKills;
    }
  }

  private final ChaosPlan plan;

  ChaosRun(ChaosPlan plan) {
    this.plan = plan;
  }

  Result run(Path dir) throws Exception {
    Random kills = new Random(plan.seed());
    Random faults = new Random(plan.seed() + 1);
    Ledger ledger = new Ledger();
    try (FaultyBackend backend = new FaultyBackend(ledger)) {
      TestRoot root = Daemons.root(dir, backend.url());
      try (Daemons daemons = Daemons.of(root).start();
          LogLineMeter probdLog = LogLineMeter.follow(daemons.probd.outputFile());
          LogLineMeter postdLog = LogLineMeter.follow(daemons.postd.outputFile())) {
        int[] killed = new int[2];
        String faultCounts;
        try (BackendFlapper flapper = BackendFlapper.start(backend, faults)) {
          ProbeClients probes =
              ProbeClients.start(
                  root.config(),
                  ledger,
                  plan.producers(),
                  plan.records(),
                  plan.sendTime().toNanos(),
                  256);
          long gap = plan.sendTime().toMillis() / Math.max(1, plan.kills());
          for (int k = 0; k < plan.kills(); k++) {
            Thread.sleep(gap / 2 + kills.nextInt((int) Math.max(1, gap)));
            int victim = kills.nextInt(3); // 0 telemprobd, 1 telempostd, 2 both
            sample(daemons);
            if (victim != 1) {
              daemons.probd.kill9();
              killed[0]++;
            }
            if (victim != 0) {
              daemons.postd.kill9();
              killed[1]++;
            }
            if (victim != 1) {
              daemons.probd.launch();
            }
            if (victim != 0) {
              daemons.postd.launch();
            }
            if (victim != 1) {
              daemons.probd.awaitReady();
            }
            if (victim != 0) {
              daemons.postd.awaitReady();
            }
          }
          if (!probes.join(plan.sendTime().toMillis() + 120_000)) {
            throw new AssertionError("the probes are still sending, record " + probes.sent());
          }
          faultCounts = flapper.counts();
        }
        long drainStart = System.nanoTime();
        try {
          Awaitility.await()
              .atMost(plan.drainLimit())
              .pollInterval(java.time.Duration.ofMillis(250))
              .until(
                  () -> {
                    sample(daemons);
                    return ledger.missing().isEmpty() || !daemons.postd.alive();
                  });
        } catch (ConditionTimeoutException e) {
          // reported as lost below
        }
        long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
        sample(daemons);
        int unexpected =
            daemons.probd.unexpectedExits()
                + daemons.postd.unexpectedExits()
                + (daemons.probd.alive() ? 0 : 1)
                + (daemons.postd.alive() ? 0 : 1);
        List<String> missing = ledger.missing();
        return new Result(
            plan,
            ledger.tally(),
            killed[0],
            killed[1],
            unexpected,
            faultCounts,
            daemons.probd.peakRssKb(),
            daemons.postd.peakRssKb(),
            Math.max(probdLog.lines().maxPerSecond(), postdLog.lines().maxPerSecond()),
            drainMillis,
            missing.subList(0, Math.min(20, missing.size())),
            backend.violations(),
            daemons.outputs());
      }
    }
  }

  private static void sample(Daemons daemons) {
    daemons.probd.sampleRss();
    daemons.postd.sampleRss();
  }
}

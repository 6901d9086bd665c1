package org.telemetrics.benchmarks.fleet;

import java.util.Arrays;
import org.telemetrics.spool.disk.DropReason;

/**
 * What the backend saw in the measured window: from its recovery until the backlog was drained, or
 * the whole day without an outage. Request rates count every request that reached it, answered or
 * not; record rates the records it took.
 *
 * @param drainedSeconds seconds from the recovery until no record made before it waited; -1 if not
 *     within a day, 0 without an outage
 * @param duplicates records delivered more often than made minus dropped and still queued: the
 *     model's own check, 0 unless a record was counted twice
 * @param minutes requests per second at the backend in each of the first minutes after the
 *     recovery: {arrived on average, arrived in the busiest second, answered 2xx on average}
 */
record FleetResult(
    FleetSimulation.Scenario scenario,
    long waitingAtRecovery,
    int peakRequests,
    int p99Requests,
    double meanRequests,
    int peakRecords,
    double meanRecords,
    long drainedSeconds,
    long droppedSpoolFull,
    long droppedExpired,
    long droppedRateLimit,
    long duplicates,
    int peakRescans,
    double[][] minutes) {
  static final int MINUTES_SHOWN = 10;

  static FleetResult of(
      FleetSimulation.Scenario scenario,
      Backend backend,
      FleetTally tally,
      int[] rescans,
      long stillQueued,
      long endMillis) {
    long recovery = scenario.outage().toMillis();
    int from = (int) (recovery / 1000);
    int to;
    if (recovery == 0) {
      to = (int) (endMillis / 1000) - 1;
    } else if (tally.drained()) {
      to = (int) (tally.drainedAtMillis() / 1000);
    } else {
      to = backend.horizonSeconds() - 1;
    }
    int[] window = new int[to - from + 1];
    long requests = 0;
    long records = 0;
    int peakRecords = 0;
    for (int s = from; s <= to; s++) {
      window[s - from] = backend.arrivals(s);
      requests += backend.arrivals(s);
      records += backend.records(s);
      peakRecords = Math.max(peakRecords, backend.records(s));
    }
    Arrays.sort(window);
    double[][] minutes = new double[MINUTES_SHOWN][3];
    for (int m = 0; m < MINUTES_SHOWN; m++) {
      for (int s = from + 60 * m; s < from + 60 * (m + 1) && s < backend.horizonSeconds(); s++) {
        minutes[m][0] += backend.arrivals(s) / 60.0;
        minutes[m][1] = Math.max(minutes[m][1], backend.arrivals(s));
        minutes[m][2] += backend.accepted(s) / 60.0;
      }
    }
    long spoolFull = tally.dropped(DropReason.SPOOL_FULL);
    long expired = tally.dropped(DropReason.EXPIRED);
    long rateLimit = tally.dropped(DropReason.RATE_LIMIT);
    long drained =
        recovery == 0
            ? 0
            : tally.drained() ? (tally.drainedAtMillis() - recovery + 999) / 1000 : -1;
    return new FleetResult(
        scenario,
        tally.waitingAtRecovery(),
        window[window.length - 1],
        window[(int) Math.ceil(0.99 * window.length) - 1],
        requests / (double) window.length,
        peakRecords,
        records / (double) window.length,
        drained,
        spoolFull,
        expired,
        rateLimit,
        tally.delivered() + spoolFull + expired + rateLimit + stillQueued - tally.created(),
        Arrays.stream(rescans).max().orElse(0),
        minutes);
  }

  long droppedByPolicy() {
    return droppedSpoolFull + droppedExpired + droppedRateLimit;
  }
}

package org.telemetrics.postd;

import org.telemetrics.daemon.TimeSource;
import org.telemetrics.log.Log;
import org.telemetrics.postd.spool.Spool;
import org.telemetrics.postd.time.JitteredPeriod;
import org.telemetrics.postd.usage.QueueSnapshot;
import org.telemetrics.postd.usage.UsageRecorder;

/**
 * What the loop reports now and then besides its status file: the queue to the usage database (on
 * each settlement, else every {@value #USAGE_SNAPSHOT_MILLIS} ms or up to 1.5 times that, {@link
 * JitteredPeriod}), and a stats line to the log every {@value #STATS_MILLIS} ms when the counters
 * changed.
 */
final class PeriodicReports {
  static final long STATS_MILLIS = 60_000;
  static final long USAGE_SNAPSHOT_MILLIS = 30_000;

  private final Spool spool;
  private final Senders senders;
  private final Counters counters;
  private final UsageRecorder usage;
  private final JitteredPeriod usagePeriod;
  private final TimeSource time;
  private final Log log;
  private long nextUsageSnapshot = Long.MIN_VALUE;
  private long settledAtSnapshot = -1;
  private long lastStats;
  private String lastSummary = "";

  /** {@code senders} is null when no server is configured. */
  PeriodicReports(
      Spool spool,
      Senders senders,
      Counters counters,
      UsageRecorder usage,
      JitteredPeriod usagePeriod,
      TimeSource time,
      Log log) {
    this.spool = spool;
    this.senders = senders;
    this.counters = counters;
    this.usage = usage;
    this.usagePeriod = usagePeriod;
    this.time = time;
    this.log = log;
    this.lastStats = time.millis();
  }

  /** Reports what is due at {@code nowMillis}. */
  void maybeReport(long nowMillis) {
    long settled = counters.settledTotal();
    if (settled != settledAtSnapshot || nowMillis >= nextUsageSnapshot) {
      usage.current(queueSnapshot());
      settledAtSnapshot = settled;
      nextUsageSnapshot = usagePeriod.nextAfter(nowMillis);
    }
    if (nowMillis - lastStats >= STATS_MILLIS) {
      String summary = counters.summary();
      if (!summary.equals(lastSummary)) {
        log.info("stats: " + summary + " queued=" + spool.size());
        lastSummary = summary;
      }
      lastStats = nowMillis;
    }
  }

  /** The queue now, for the usage database's {@code current}. */
  QueueSnapshot queueSnapshot() {
    long now = time.millis();
    long oldest = spool.oldestAcknowledgedMillis().orElse(now);
    return new QueueSnapshot(
        spool.size(),
        spool.usedBytes(),
        senders == null ? 0 : senders.inFlight(),
        Math.max(0, now - oldest) / 1000.0,
        now / 1000);
  }
}

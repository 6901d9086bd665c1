package org.telemetrics.benchmarks.fleet;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The fleet simulation's output: what was run, one Markdown table, the overload's minutes. */
final class FleetTable {
  private FleetTable() {}

  static void printPreamble(
      PrintStream out,
      FleetSimulation.Fleet fleet,
      TimerSchedule timer,
      Path timerFile,
      DeliverySettings headers,
      DeliverySettings otlp,
      RecordMix usual,
      List<RecordMix> loops,
      long outageMinutes,
      int capacity,
      long retryAfterSeconds) {
    out.printf(
        Locale.ROOT,
        "%,d machines, seed %d. %s: every %s + up to %s random delay. telempostd defaults:"
            + " post_parallelism %d, retry %d ms .. %d ms, spool_process_time %d s (x0.5..1.5),"
            + " postd_idle_exit_time %d s, spool_max_size %d KiB (%s), record_expiry %d min,"
            + " record_burst_limit %d per %d min, otlp_batch_records %d, otlp_batch_bytes %d;"
            + " headers and json send one record per request. Records: heartbeat %d B, %.1f event"
            + " records of %d B per machine and day. %s Outage: %d min from midnight."
            + " Overloaded backend: %,d requests/s, 429 with Retry-After: %d or 503 beyond."
            + " Round trip %d ms.%n%n",
        fleet.clients(),
        fleet.seed(),
        timerFile.getFileName(),
        span(timer.periodMillis()),
        span(timer.randomizedDelayMillis()),
        headers.parallelism(),
        headers.retryInitial().toMillis(),
        headers.retryMax().toMillis(),
        headers.rescanMillis() / 1000,
        headers.idleExitMillis() / 1000,
        headers.quotaBytes() / 1024,
        headers.dropOldest() ? "drop-oldest" : "drop-newest",
        headers.expirySeconds() / 60,
        headers.limits().recordLimit(),
        headers.limits().recordWindow(),
        otlp.batchRecords(),
        otlp.batchBytes(),
        usual.heartbeatBytes(),
        usual.eventsPerDay(),
        usual.eventBytes(),
        loops(loops),
        outageMinutes,
        capacity,
        retryAfterSeconds,
        fleet.rttMillis());
  }

  static void printResults(PrintStream out, List<FleetResult> results) {
    out.println(
        "| scenario | post_format | jitter | records waiting at recovery | peak req/s | p99 req/s"
            + " | mean req/s | peak records/s | mean records/s | backlog drained after"
            + " | dropped by policy | duplicates | peak rescans/s |");
    out.println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (FleetResult r : results) {
      FleetSimulation.Scenario s = r.scenario();
      boolean outage = !s.outage().isZero();
      out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %,d | %,d | %,.1f | %,d | %,.1f | %s | %s | %,d | %,d |%n",
          s.name(),
          s.delivery().batchRecords() > 1 ? "otlp" : "headers, json",
          s.jitter() ? "yes" : "no",
          outage ? String.format(Locale.ROOT, "%,d", r.waitingAtRecovery()) : "-",
          r.peakRequests(),
          r.p99Requests(),
          r.meanRequests(),
          r.peakRecords(),
          r.meanRecords(),
          !outage
              ? "-"
              : r.drainedSeconds() < 0 ? "not within a day" : span(r.drainedSeconds() * 1000),
          dropped(r),
          r.duplicates(),
          r.peakRescans());
    }
    out.println();
  }

  static void printMinutes(PrintStream out, List<FleetResult> overloaded) {
    if (overloaded.isEmpty()) {
      return;
    }
    out.println(
        "Requests/s at the overloaded backend after it came back: mean / busiest second / answered"
            + " 2xx (mean).");
    out.println();
    out.print("| minute after recovery |");
    for (FleetResult r : overloaded) {
      out.print(" " + r.scenario().name() + " |");
    }
    out.println();
    out.println("|---:|" + "---:|".repeat(overloaded.size()));
    for (int m = 0; m < FleetResult.MINUTES_SHOWN; m++) {
      out.printf(Locale.ROOT, "| %d |", m + 1);
      for (FleetResult r : overloaded) {
        out.printf(
            Locale.ROOT,
            " %,.0f / %,.0f / %,.0f |",
            r.minutes()[m][0],
            r.minutes()[m][1],
            r.minutes()[m][2]);
      }
      out.println();
    }
    out.println();
  }

  private static String loops(List<RecordMix> loops) {
    StringBuilder b = new StringBuilder("While the backend is down, ");
    for (int i = 0; i < loops.size(); i++) {
      RecordMix m = loops.get(i);
      b.append(i == 0 ? "" : i + 1 == loops.size() ? " or " : ", ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%.0f %% of the machines make a %d B record every %d s (%s)",
                  m.loopShare() * 100,
                  m.loopBytes(),
                  m.loopIntervalMillis() / 1000,
                  i == 0 ? "crash loop" : "journal flood"));
    }
    return b.append('.').toString();
  }

  private static String dropped(FleetResult r) {
    if (r.droppedByPolicy() == 0) {
      return "0";
    }
    return String.format(
        Locale.ROOT,
        "%,d (spool full %,d, expired %,d, rate limit %,d)",
        r.droppedByPolicy(),
        r.droppedSpoolFull(),
        r.droppedExpired(),
        r.droppedRateLimit());
  }

  /** "6 h", "30 min", "45 s": a span as the table shows it. */
  static String span(long millis) {
    if (millis >= 3_600_000 && millis % 3_600_000 == 0) {
      return millis / 3_600_000 + " h";
    }
    if (millis >= 60_000 && millis % 60_000 == 0) {
      return millis / 60_000 + " min";
    }
    if (millis >= 120_000) {
      return String.format(Locale.ROOT, "%d min %d s", millis / 60_000, millis % 60_000 / 1000);
    }
    return millis / 1000 + " s";
  }
}

package org.telemetrics.benchmarks.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.telemetrics.config.ConfigKeys;

/**
 * {@code FleetSim --timer hprobe.timer [--clients N] [--outage-minutes M] [--capacity R] [--seed
 * S]}: a fleet of machines with the shipped heartbeat timer and telempostd's retry policy (its
 * defaults for post_parallelism, retry_initial_delay_ms and retry_max_delay_ms) through a backend
 * outage that starts when the timer's window opens. Prints, for the schedules with and without
 * jitter, the requests per second the backend sees after it comes back and how long the backlog
 * takes to drain.
 */
public final class FleetSim {
  private FleetSim() {}

  public static void main(String[] args) throws IOException {
    Path timerFile = null;
    int clients = 100_000;
    long outageMinutes = 60;
    int capacity = 1_000;
    long seed = 20_261_205L;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--timer" -> timerFile = Path.of(v);
        case "--clients" -> clients = Integer.parseInt(v);
        case "--outage-minutes" -> outageMinutes = Long.parseLong(v);
        case "--capacity" -> capacity = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (timerFile == null || args.length % 2 != 0) {
      System.err.println(
          "usage: FleetSim --timer UNIT [--clients N] [--outage-minutes M]"
              + " [--capacity REQUESTS_PER_S] [--seed S]");
      System.exit(2);
    }
    TimerSchedule timer = TimerSchedule.read(timerFile);
    FleetSimulation.Fleet fleet =
        new FleetSimulation.Fleet(
            clients,
            Duration.ofMinutes(outageMinutes),
            capacity,
            ConfigKeys.POST_PARALLELISM.defaultValue().intValue(),
            50,
            Duration.ofMillis(ConfigKeys.RETRY_INITIAL_DELAY_MS.defaultValue()),
            Duration.ofMillis(ConfigKeys.RETRY_MAX_DELAY_MS.defaultValue()),
            seed);
    List<FleetSimulation.Scenario> scenarios =
        List.of(
            new FleetSimulation.Scenario("no jitter", timer.withoutDelay(), false),
            new FleetSimulation.Scenario("timer delay only", timer, false),
            new FleetSimulation.Scenario("retry jitter only", timer.withoutDelay(), true),
            new FleetSimulation.Scenario("both (shipped)", timer, true));

    System.out.printf(
        Locale.ROOT,
        "%,d clients, heartbeat every %s + up to %s random delay"
            + " (%s), backend down for %d min from when the timer's window opens, then %,d"
            + " requests/s (503 beyond), post_parallelism %d, retry %d ms .. %d ms, 50 ms per"
            + " request, seed %d%n%n",
        clients,
        span(timer.periodMillis()),
        span(timer.randomizedDelayMillis()),
        timerFile.getFileName(),
        outageMinutes,
        capacity,
        fleet.parallelism(),
        fleet.retryInitial().toMillis(),
        fleet.retryMax().toMillis(),
        seed);
    System.out.println(
        "| schedules | records waiting at recovery | requests/s during the outage"
            + " | peak requests/s after recovery | p99 requests/s | backlog drained after |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (FleetSimulation.Scenario s : scenarios) {
      long start = System.nanoTime();
      FleetSimulation.Result r = new FleetSimulation(fleet, s).run();
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d | %,.0f | %,d | %,d | %s |%n",
          s.name(),
          r.waitingAtRecovery(),
          r.outageProbesPerSecond(),
          r.peakPerSecond(),
          r.p99PerSecond(),
          r.drainedSeconds() < 0 ? "not within a day" : span(r.drainedSeconds() * 1000));
      System.err.printf(
          Locale.ROOT, "%s: simulated in %.1f s%n", s.name(), (System.nanoTime() - start) / 1e9);
    }
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

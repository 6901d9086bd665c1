package org.telemetrics.benchmarks.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.telemetrics.http.HttpRecordFormat;

/**
 * {@code FleetSim --timer hprobe.timer [--clients N] [--outage-minutes M] [--capacity R]
 * [--retry-after S] [--events-per-day E] [--loop-share F] [--only TEXT] [--seed S]}: a fleet with
 * the shipped heartbeat timer and telempostd's shipped defaults through a day without an outage and
 * through a backend outage that starts when the timer's window opens, per post_format, with and
 * without jitter, with a crash loop or a journal flood on a share F of the fleet, and with a
 * backend that takes only R requests/s. Prints one Markdown table, then how the overloaded
 * backend's load evolves minute by minute. {@code --only} runs the scenarios whose name contains
 * TEXT.
 */
public final class FleetSim {
  private FleetSim() {}

  public static void main(String[] args) throws IOException {
    Path timerFile = null;
    int clients = 100_000;
    long outageMinutes = 60;
    int capacity = 500;
    long retryAfterSeconds = 30;
    double eventsPerDay = RecordMix.USUAL.eventsPerDay();
    double loopShare = 0.01;
    long seed = 20_261_205L;
    String only = "";
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--timer" -> timerFile = Path.of(v);
        case "--clients" -> clients = Integer.parseInt(v);
        case "--outage-minutes" -> outageMinutes = Long.parseLong(v);
        case "--capacity" -> capacity = Integer.parseInt(v);
        case "--retry-after" -> retryAfterSeconds = Long.parseLong(v);
        case "--events-per-day" -> eventsPerDay = Double.parseDouble(v);
        case "--loop-share" -> loopShare = Double.parseDouble(v);
        case "--only" -> only = v;
        case "--seed" -> seed = Long.parseLong(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (timerFile == null || args.length % 2 != 0) {
      System.err.println(
          "usage: FleetSim --timer UNIT [--clients N] [--outage-minutes M] [--capacity R]"
              + " [--retry-after S] [--events-per-day E] [--loop-share F] [--only TEXT]"
              + " [--seed S]");
      System.exit(2);
    }
    TimerSchedule timer = TimerSchedule.read(timerFile);
    RecordMix usual =
        new RecordMix(
            RecordMix.USUAL.heartbeatBytes(),
            eventsPerDay,
            RecordMix.USUAL.eventBytes(),
            0,
            RecordMix.USUAL.loopIntervalMillis(),
            RecordMix.USUAL.loopBytes());
    RecordMix crashLoop = usual.crashLoop(loopShare);
    RecordMix flood = usual.journalFlood(loopShare);
    Duration outage = Duration.ofMinutes(outageMinutes);
    Duration retryAfter = Duration.ofSeconds(retryAfterSeconds);
    DeliverySettings headers = DeliverySettings.shipped(HttpRecordFormat.Kind.HEADERS);
    DeliverySettings otlp = DeliverySettings.shipped(HttpRecordFormat.Kind.OTLP);
    int all = Integer.MAX_VALUE;
    List<FleetSimulation.Scenario> scenarios = new ArrayList<>();
    for (DeliverySettings d : List.of(headers, otlp)) {
      scenarios.add(scenario("no outage", d, timer, true, usual, Duration.ZERO, all, null));
    }
    scenarios.add(
        scenario("no outage, no jitter", headers, timer, false, usual, Duration.ZERO, all, null));
    // otlp without jitter is left out: with one or two records per machine it is headers' row
    scenarios.add(scenario("outage, no jitter", headers, timer, false, usual, outage, all, null));
    for (DeliverySettings d : List.of(headers, otlp)) {
      scenarios.add(scenario("outage", d, timer, true, usual, outage, all, null));
      scenarios.add(scenario("outage, crash loop", d, timer, true, crashLoop, outage, all, null));
      scenarios.add(scenario("outage, journal flood", d, timer, true, flood, outage, all, null));
    }
    String cap = String.format(Locale.ROOT, "outage, %,d req/s", capacity);
    List<FleetSimulation.Scenario> overloaded =
        List.of(
            scenario(cap + ", 503", headers, timer, true, usual, outage, capacity, null),
            scenario(cap + ", 429", headers, timer, true, usual, outage, capacity, retryAfter),
            scenario(
                cap + ", 429, no jitter",
                headers,
                timer,
                false,
                usual,
                outage,
                capacity,
                retryAfter),
            scenario(
                cap + ", 429, crash loop",
                otlp,
                timer,
                true,
                crashLoop,
                outage,
                capacity,
                retryAfter));
    scenarios.addAll(overloaded);
    String chosen = only;
    scenarios.removeIf(s -> !s.name().contains(chosen));

    FleetSimulation.Fleet fleet = new FleetSimulation.Fleet(clients, 50, seed);
    FleetTable.printPreamble(
        System.out,
        fleet,
        timer,
        timerFile,
        headers,
        otlp,
        usual,
        List.of(crashLoop, flood),
        outageMinutes,
        capacity,
        retryAfterSeconds);
    // the runs are independent (each has its own generators from the seed): one per core
    ExecutorService cores =
        Executors.newFixedThreadPool(Math.min(4, Runtime.getRuntime().availableProcessors()));
    List<Future<FleetResult>> runs = new ArrayList<>();
    for (FleetSimulation.Scenario s : scenarios) {
      runs.add(
          cores.submit(
              () -> {
                long start = System.nanoTime();
                FleetResult r = new FleetSimulation(fleet, s).run();
                System.err.printf(
                    Locale.ROOT,
                    "%s (%s): simulated in %.1f s%n",
                    s.name(),
                    s.delivery().format().name().toLowerCase(Locale.ROOT),
                    (System.nanoTime() - start) / 1e9);
                return r;
              }));
    }
    List<FleetResult> results = new ArrayList<>();
    try {
      for (Future<FleetResult> run : runs) {
        results.add(run.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a simulation failed", e.getCause());
    } finally {
      cores.shutdownNow();
    }
    FleetTable.printResults(System.out, results);
    FleetTable.printMinutes(
        System.out, results.stream().filter(r -> r.scenario().capacityPerSecond() != all).toList());
  }

  private static FleetSimulation.Scenario scenario(
      String name,
      DeliverySettings delivery,
      TimerSchedule timer,
      boolean jitter,
      RecordMix mix,
      Duration outage,
      int capacity,
      Duration retryAfter) {
    return new FleetSimulation.Scenario(
        name, delivery, timer, jitter, mix, outage, capacity, Optional.ofNullable(retryAfter));
  }
}

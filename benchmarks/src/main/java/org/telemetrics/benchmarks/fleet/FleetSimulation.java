package org.telemetrics.benchmarks.fleet;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.telemetrics.postd.delivery.AttemptOutcome;
import org.telemetrics.postd.delivery.OutageGate;
import org.telemetrics.postd.delivery.Outcome;
import org.telemetrics.postd.delivery.RetryPolicy;

/**
 * One run of a fleet through a backend outage, in simulated time (a discrete-event loop; no
 * threads, no network). Each machine fires its heartbeat on the timer's schedule and sends its
 * queue as telempostd's senders do: up to {@code post_parallelism} requests at once while the
 * server answers; after a refusal or a 503, nothing until the pause of telempostd's own {@link
 * OutageGate} and {@link RetryPolicy} (the production classes, one pair per machine, each with its
 * own generator) is over, then one probe at a time.
 */
final class FleetSimulation {
  private static final int RECORD = 0;
  private static final int DELIVERED = 1;
  private static final int REFUSED = 2;
  private static final int OVERLOADED = 3;
  private static final int WAKE = 4;

  /** Every draw just below 1: each wait is its ceiling, the same on every machine. */
  static final RandomGenerator NO_JITTER = () -> -1L;

  private static final Outcome.Transient NO_CONNECTION =
      new Outcome.Transient(
          "cannot connect", true, Optional.empty(), AttemptOutcome.CONNECTION_ERROR, 0);
  private static final Outcome.Transient UNAVAILABLE =
      new Outcome.Transient("HTTP 503", true, Optional.empty(), AttemptOutcome.STATUS_5XX, 503);

  /** The fleet and the backend, the same for every scenario. */
  record Fleet(
      int clients,
      Duration outage,
      int capacityPerSecond,
      int parallelism,
      long rttMillis,
      Duration retryInitial,
      Duration retryMax,
      long seed) {}

  /** The schedules under test: the timer's, and whether retries draw their waits at random. */
  record Scenario(String name, TimerSchedule timer, boolean retryJitter) {}

  /**
   * What the backend saw. Rates are requests per second (all requests, answered or not); {@code
   * drainedSeconds} is -1 if the backlog was not drained within the horizon.
   */
  record Result(
      Scenario scenario,
      long waitingAtRecovery,
      double outageProbesPerSecond,
      int peakPerSecond,
      int p99PerSecond,
      long drainedSeconds) {}

  private final Fleet fleet;
  private final Scenario scenario;
  private final Backend backend;
  private final EventQueue events = new EventQueue();
  private final OutageGate[] gates;
  private final int[] queued;
  private final int[] inFlight;

  /** Records of each machine made before the backend came back and not yet delivered. */
  private final int[] old;

  private final long recoveryMillis;
  private final long horizonMillis;
  private final RandomGenerator timerRandom;
  private long oldOutstanding;
  private long waitingAtRecovery = -1;
  private long drainedAtMillis = -1;

  FleetSimulation(Fleet fleet, Scenario scenario) {
    if (fleet.clients() > EventQueue.MAX_CLIENTS) {
      throw new IllegalArgumentException("at most " + EventQueue.MAX_CLIENTS + " clients");
    }
    this.fleet = fleet;
    this.scenario = scenario;
    this.recoveryMillis = fleet.outage().toMillis();
    this.horizonMillis = recoveryMillis + Duration.ofDays(1).toMillis();
    this.backend =
        new Backend(0, recoveryMillis, fleet.capacityPerSecond(), (int) (horizonMillis / 1000) + 1);
    SplittableRandom seeds = new SplittableRandom(fleet.seed());
    this.timerRandom = seeds.split();
    this.gates = new OutageGate[fleet.clients()];
    for (int c = 0; c < gates.length; c++) {
      RandomGenerator random = scenario.retryJitter() ? seeds.split() : NO_JITTER;
      gates[c] = new OutageGate(new RetryPolicy(fleet.retryInitial(), fleet.retryMax(), 0, random));
    }
    this.queued = new int[fleet.clients()];
    this.inFlight = new int[fleet.clients()];
    this.old = new int[fleet.clients()];
  }

  /** Runs from the start of the outage (midnight, when the daily timer's window opens). */
  Result run() {
    for (int c = 0; c < fleet.clients(); c++) {
      events.add(scenario.timer().fireMillis(0, timerRandom), RECORD, c);
    }
    while (!events.isEmpty() && drainedAtMillis < 0) {
      long e = events.poll();
      long now = EventQueue.time(e);
      if (now >= horizonMillis) {
        break;
      }
      if (now >= recoveryMillis && waitingAtRecovery < 0) {
        waitingAtRecovery = oldOutstanding;
        if (oldOutstanding == 0) {
          drainedAtMillis = recoveryMillis;
          break;
        }
      }
      int c = EventQueue.client(e);
      switch (EventQueue.kind(e)) {
        case RECORD -> created(c, now);
        case DELIVERED -> delivered(c, now);
        case REFUSED -> failed(c, NO_CONNECTION, now);
        case OVERLOADED -> failed(c, UNAVAILABLE, now);
        case WAKE -> send(c, now);
        default -> throw new IllegalStateException("unknown event " + e);
      }
    }
    return result();
  }

  private void created(int c, long now) {
    queued[c]++;
    if (now < recoveryMillis) {
      old[c]++;
      oldOutstanding++;
    }
    send(c, now);
    long period = scenario.timer().periodMillis();
    events.add(scenario.timer().fireMillis((now / period + 1) * period, timerRandom), RECORD, c);
  }

  /** What telempostd's dispatch does: start sends while records wait and the gate allows. */
  private void send(int c, long now) {
    OutageGate gate = gates[c];
    while (queued[c] > inFlight[c]
        && inFlight[c] < fleet.parallelism()
        && gate.mayStart(now, inFlight[c])) {
      inFlight[c]++;
      int kind =
          switch (backend.request(now)) {
            case DELIVERED -> DELIVERED;
            case REFUSED -> REFUSED;
            case OVERLOADED -> OVERLOADED;
          };
      events.add(now + fleet.rttMillis(), kind, c);
      if (gate.isDown()) {
        return; // one probe at a time while the server is failing
      }
    }
  }

  private void delivered(int c, long now) {
    inFlight[c]--;
    queued[c]--;
    if (old[c] > 0) {
      old[c]--;
      if (--oldOutstanding == 0 && now >= recoveryMillis) {
        drainedAtMillis = now;
      }
    }
    gates[c].answered();
    send(c, now);
  }

  private void failed(int c, Outcome.Transient outcome, long now) {
    inFlight[c]--;
    gates[c].failed(outcome, now);
    events.add(Math.max(now, gates[c].pausedUntil()), WAKE, c);
  }

  private Result result() {
    int from = (int) (recoveryMillis / 1000);
    int to = drainedAtMillis < 0 ? backend.horizonSeconds() - 1 : (int) (drainedAtMillis / 1000);
    int[] window = new int[to - from + 1];
    for (int s = from; s <= to; s++) {
      window[s - from] = backend.arrivals(s);
    }
    Arrays.sort(window);
    long probes = 0;
    for (int s = 0; s < from; s++) {
      probes += backend.arrivals(s);
    }
    int p99 = window[(int) Math.ceil(0.99 * window.length) - 1];
    return new Result(
        scenario,
        Math.max(0, waitingAtRecovery),
        probes / (double) from,
        window[window.length - 1],
        p99,
        drainedAtMillis < 0 ? -1 : (drainedAtMillis - recoveryMillis + 999) / 1000);
  }
}

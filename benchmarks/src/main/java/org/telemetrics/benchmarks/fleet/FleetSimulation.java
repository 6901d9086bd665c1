package org.telemetrics.benchmarks.fleet;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.telemetrics.postd.delivery.AttemptOutcome;
import org.telemetrics.postd.delivery.Outcome;
import org.telemetrics.postd.time.JitteredPeriod;
import org.telemetrics.spool.disk.DropReason;

/**
 * One run of a fleet, in simulated time (a discrete-event loop; no threads, no network), from
 * midnight, when hprobe.timer's window opens and, in the outage scenarios, the backend goes down.
 * Each machine makes records (the heartbeat on the timer's schedule, event records, a crash loop if
 * the scenario has one); telempostd.path starts telempostd when one arrives, which sends at once
 * ({@link MachineSender}), rescans every spool_process_time on average ({@link JitteredPeriod}) and
 * exits when idle for postd_idle_exit_time with an empty spool.
 */
final class FleetSimulation {
  private static final int HEARTBEAT = 0;
  private static final int EVENT = 1;
  private static final int LOOP = 2;
  private static final int DELIVERED = 3;
  private static final int REFUSED = 4;
  private static final int OVERLOADED = 5;
  private static final int WAKE = 6;
  private static final int RESCAN = 7;
  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  /** Every draw just below 1: each wait is its ceiling, the same on every machine. */
  static final RandomGenerator NO_JITTER = () -> -1L;

  private static final Outcome NO_CONNECTION =
      new Outcome.Transient(
          "cannot connect", true, Optional.empty(), AttemptOutcome.CONNECTION_ERROR, 0);
  private static final Outcome OK = new Outcome.Delivered(200);

  /** The machines, the same for every scenario. */
  record Fleet(int clients, long rttMillis, long seed) {}

  /**
   * A case to run. {@code outage} zero: no outage (the steady state of one day). When more than
   * {@code capacityPerSecond} requests arrive in a second the rest get 429 with {@code retryAfter},
   * or 503 without one when it is empty.
   */
  record Scenario(
      String name,
      DeliverySettings delivery,
      TimerSchedule timer,
      boolean jitter,
      RecordMix mix,
      Duration outage,
      int capacityPerSecond,
      Optional<Duration> retryAfter) {}

  private final Fleet fleet;
  private final Scenario scenario;
  private final Backend backend;
  private final EventQueue events = new EventQueue();
  private final MachineSender[] senders;
  private final long[] lastIntake;
  private final long[] wakeAt;
  private final RandomGenerator[] machineRandom;
  private final RandomGenerator timerRandom;
  private final RandomGenerator recordRandom;
  private final Outcome overloaded;
  private final long recoveryMillis;
  private final long horizonMillis;
  private final int loopClients;
  private final int[] rescans;
  private final FleetTally tally;

  FleetSimulation(Fleet fleet, Scenario scenario) {
    if (fleet.clients() > EventQueue.MAX_CLIENTS) {
      throw new IllegalArgumentException("at most " + EventQueue.MAX_CLIENTS + " clients");
    }
    this.fleet = fleet;
    this.scenario = scenario;
    this.recoveryMillis = scenario.outage().toMillis();
    this.horizonMillis = recoveryMillis + DAY_MILLIS;
    int horizonSeconds = (int) (horizonMillis / 1000) + 1;
    this.backend = new Backend(0, recoveryMillis, scenario.capacityPerSecond(), horizonSeconds);
    this.rescans = new int[horizonSeconds];
    this.tally = new FleetTally(recoveryMillis);
    this.overloaded =
        scenario.retryAfter().isPresent()
            ? new Outcome.Transient(
                "HTTP 429", true, scenario.retryAfter(), AttemptOutcome.STATUS_429, 429)
            : new Outcome.Transient(
                "HTTP 503", true, Optional.empty(), AttemptOutcome.STATUS_5XX, 503);
    SplittableRandom seeds = new SplittableRandom(fleet.seed());
    this.timerRandom = seeds.split();
    this.recordRandom = seeds.split();
    this.senders = new MachineSender[fleet.clients()];
    this.machineRandom = new RandomGenerator[fleet.clients()];
    for (int c = 0; c < senders.length; c++) {
      machineRandom[c] = scenario.jitter() ? seeds.split() : NO_JITTER;
      senders[c] = new MachineSender(scenario.delivery(), machineRandom[c], tally);
    }
    this.lastIntake = new long[fleet.clients()];
    this.wakeAt = new long[fleet.clients()];
    this.loopClients = (int) Math.round(fleet.clients() * scenario.mix().loopShare());
  }

  FleetResult run() {
    TimerSchedule timer = scenario.jitter() ? scenario.timer() : scenario.timer().withoutDelay();
    for (int c = 0; c < fleet.clients(); c++) {
      events.add(timer.fireMillis(0, timerRandom), HEARTBEAT, c);
      if (scenario.mix().eventsPerDay() > 0) {
        events.add(nextEventMillis(0), EVENT, c);
      }
      if (c < loopClients && recoveryMillis > 0) {
        events.add(recordRandom.nextLong(scenario.mix().loopIntervalMillis()), LOOP, c);
      }
    }
    long end = recoveryMillis > 0 ? horizonMillis : DAY_MILLIS;
    // after the backlog is drained, on to the end of the minutes the result shows
    long shownUntil = recoveryMillis + FleetResult.MINUTES_SHOWN * 60_000L;
    while (!events.isEmpty()) {
      long e = events.poll();
      long now = EventQueue.time(e);
      if (now >= end || tally.drained() && now >= shownUntil) {
        break;
      }
      tally.passed(now);
      int c = EventQueue.client(e);
      switch (EventQueue.kind(e)) {
        case HEARTBEAT -> {
          created(c, scenario.mix().heartbeatBytes(), now);
          long period = timer.periodMillis();
          events.add(timer.fireMillis((now / period + 1) * period, timerRandom), HEARTBEAT, c);
        }
        case EVENT -> {
          created(c, scenario.mix().eventBytes(), now);
          events.add(nextEventMillis(now), EVENT, c);
        }
        case LOOP -> {
          created(c, scenario.mix().loopBytes(), now);
          long next = now + scenario.mix().loopIntervalMillis();
          if (next < recoveryMillis) {
            events.add(next, LOOP, c);
          }
        }
        case DELIVERED -> answered(c, OK, now);
        case REFUSED -> answered(c, NO_CONNECTION, now);
        case OVERLOADED -> answered(c, overloaded, now);
        case WAKE -> {
          if (wakeAt[c] == now && senders[c].running()) {
            send(c, now);
          }
        }
        case RESCAN -> rescan(c, now);
        default -> throw new IllegalStateException("unknown event " + e);
      }
    }
    long queued = 0;
    for (MachineSender s : senders) {
      queued += s.queued();
    }
    return FleetResult.of(scenario, backend, tally, rescans, queued, end);
  }

  private long nextEventMillis(long now) {
    double meanMillis = DAY_MILLIS / scenario.mix().eventsPerDay();
    return now + 1 + (long) (-Math.log(1 - recordRandom.nextDouble()) * meanMillis);
  }

  /** A record reaches the spool; telempostd.path starts telempostd if it is not running. */
  private void created(int c, int bytes, long now) {
    MachineSender s = senders[c];
    if (!s.running()) {
      s.start();
      scheduleRescan(c, now);
    }
    lastIntake[c] = now;
    tally.created(now);
    s.intake(SpooledRecords.record(now / 1000, bytes));
    send(c, now);
  }

  private void send(int c, long now) {
    MachineSender s = senders[c];
    for (MachineSender.Request r : s.dispatch(now)) {
      int kind =
          switch (backend.request(now, r.records().length)) {
            case DELIVERED -> DELIVERED;
            case REFUSED -> REFUSED;
            case OVERLOADED -> OVERLOADED;
          };
      events.add(now + fleet.rttMillis(), kind, c);
    }
    long wake = s.wakeAt(now);
    if (wake > now && wake != wakeAt[c]) {
      wakeAt[c] = wake;
      events.add(wake, WAKE, c);
    }
  }

  private void answered(int c, Outcome outcome, long now) {
    MachineSender.Request r = senders[c].settle(outcome, now);
    if (outcome == OK) {
      for (long record : r.records()) {
        tally.delivered(record);
      }
    }
    send(c, now);
  }

  /** A full rescan (local disk only); an idle daemon exits instead. */
  private void rescan(int c, long now) {
    MachineSender s = senders[c];
    long idleExit = scenario.delivery().idleExitMillis();
    if (s.idle() && now - lastIntake[c] >= idleExit) {
      s.exit();
      return;
    }
    rescans[(int) (now / 1000)]++;
    send(c, now);
    scheduleRescan(c, now);
  }

  private void scheduleRescan(int c, long now) {
    long period = scenario.delivery().rescanMillis();
    long next =
        scenario.jitter()
            ? new JitteredPeriod(period, machineRandom[c]).nextAfter(now)
            : now + period;
    events.add(next, RESCAN, c);
  }

  /** The drop reasons counted as "by policy". */
  static boolean byPolicy(DropReason r) {
    return r == DropReason.SPOOL_FULL || r == DropReason.EXPIRED || r == DropReason.RATE_LIMIT;
  }
}

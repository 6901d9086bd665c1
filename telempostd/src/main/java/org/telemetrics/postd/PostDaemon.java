package org.telemetrics.postd;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.daemon.Watchdog;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.postd.delivery.RetryPolicy;
import org.telemetrics.postd.journal.Journal;
import org.telemetrics.postd.loss.LossReporter;
import org.telemetrics.postd.ratelimit.RateLimiter;
import org.telemetrics.postd.spool.DiskSpace;
import org.telemetrics.postd.spool.DiskWrites;
import org.telemetrics.postd.spool.Spool;
import org.telemetrics.postd.time.JitteredPeriod;
import org.telemetrics.postd.usage.UsageRecorder;

/**
 * The post daemon's loop: takes staged records into the queue ({@link Spool}), starts {@link
 * Senders} for due records, queues loss reports, and reports its status. Nothing that goes wrong in
 * one turn of the loop (a full disk, an unreadable directory) ends it: the trouble is logged, at
 * most once per {@link #TROUBLE_LOG_NANOS}, and the next turn tries again.
 */
public final class PostDaemon implements AutoCloseable {
  static final long TROUBLE_LOG_NANOS = 10_000_000_000L;

  private final PostdSettings settings;
  private final Layout layout;

  /** Full rescans of staging and queue, behind the directory watch (spool_process_time). */
  private final JitteredPeriod rescanPeriod;

  private final Log log;
  private final TimeSource time;
  private final LogThrottle throttle;
  private final Counters counters;
  private final Journal journal;
  private final Spool spool;
  private final LossReporter losses;
  private final boolean hasServer;
  private final Senders senders;
  private final StatusReporter status;

  /** Pinged by the loop: a loop that stops turning is killed and restarted by systemd. */
  private final Watchdog watchdog;

  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final StagingScan scan;

  /** The usage log and database: told of every settlement, and of the queue now and then. */
  private final UsageRecorder usage;

  private final PeriodicReports reports;

  /** Nothing is sent while the machine is not opted in. */
  private final OptInWatch optIn;

  /** A send finished; wakes the loop. */
  private record Settled() {}

  public PostDaemon(
      PostdSettings settings,
      Log log,
      TimeSource time,
      DiskSpace space,
      DiskWrites disk,
      RandomGenerator random)
      throws IOException, GeneralSecurityException {
    this.settings = settings;
    this.layout = settings.layout();
    // the loop's own generator: the retry policy's is drawn from by the sender threads
    RandomGenerator loopRandom = new SplittableRandom(random.nextLong());
    this.rescanPeriod = new JitteredPeriod(settings.rescanInterval().toMillis(), loopRandom);
    JitteredPeriod usagePeriod =
        new JitteredPeriod(PeriodicReports.USAGE_SNAPSHOT_MILLIS, loopRandom);
    this.log = log;
    this.time = time;
    this.throttle = new LogThrottle(log, time, TROUBLE_LOG_NANOS);
    this.counters = new Counters(settings.classificationLabels());
    String bootId = Journal.readBootId(Layout.bootIdFile());
    this.journal =
        new Journal(
            layout.journalFile(),
            layout.retentionDir(),
            settings.retention(),
            settings.journalLimit(),
            bootId,
            log,
            time.wall());
    this.hasServer = !settings.server().isEmpty();
    this.losses = new LossReporter(layout, disk, time, log, hasServer && settings.serverDelivery());
    this.usage =
        UsageRecorder.start(settings.usage(), settings.classificationLabels(), bootId, time, log);
    this.spool =
        new Spool(settings, journal, counters, log, time, space, disk, throttle, losses, usage);
    RetryPolicy policy =
        new RetryPolicy(
            settings.retryInitial(), settings.retryMax(), settings.retryMaxAttempts(), random);
    RateLimiter limiter = new RateLimiter(settings.rateLimit(), time::nanos);
    this.senders =
        hasServer
            ? new Senders(
                settings,
                spool,
                counters,
                log,
                throttle,
                time,
                policy,
                limiter,
                () -> events.add(new Settled()))
            : null;
    this.scan = new StagingScan(layout, spool, log, throttle);
    this.optIn = new OptInWatch(layout.optInFile(), log);
    this.reports = new PeriodicReports(spool, senders, counters, usage, usagePeriod, time, log);
    this.watchdog = Watchdog.fromEnvironment(SdNotify.fromEnvironment(), time.monotonic());
    this.status =
        new StatusReporter(
            settings.statusFile(),
            () -> QueueGauges.of(spool, settings.spoolMaxBytes(), limiter),
            counters,
            log,
            time,
            SdNotify.fromEnvironment());
  }

  /** SIGHUP: the usage log is opened again (logrotate's postrotate). */
  public void reopenUsageLog() {
    usage.reopenLog();
  }

  public Counters counters() {
    return counters;
  }

  /** Records waiting in (or being sent from) the queue. */
  public int queued() {
    return spool.size();
  }

  /** Bytes of the queued record files, what spool_max_size limits. */
  public long queuedBytes() {
    return spool.usedBytes();
  }

  /** Runs until {@code stop} is set or, with recycling on, until idle; returns the exit code. */
  public int run(AtomicBoolean stop) throws IOException, InterruptedException {
    spool.open();
    losses.open();
    if (!hasServer) {
      log.warning("no server configured; records are kept in " + layout.queueDir());
    }
    try (StagingWatcher watcher =
        new StagingWatcher(layout.stagingDir(), layout.spoolDir(), events)) {
      guarded("rescan", scan::rescan);
      log.info(
          "started: "
              + spool.size()
              + " records queued ("
              + spool.usedBytes()
              + " bytes), server "
              + (hasServer ? settings.server() : "none")
              + ", format "
              + settings.format().name().toLowerCase(Locale.ROOT));
      SdNotify.fromEnvironment().ready(status.summary());
      RescanTimer rescans = new RescanTimer(rescanPeriod, time.millis());
      long lastActivity = time.nanos();
      while (!stop.get()) {
        watchdog.poll(); // the loop turns at least once a second
        boolean optedIn = optIn.optedIn();
        boolean sending = senders != null && optedIn;
        if (sending) {
          guarded("dispatch", senders::dispatch);
        }
        long now = time.millis();
        long wait = Math.min(rescans.millisToFull(now), 1000);
        long due = sending ? senders.nextDispatchMillis(now) : -1;
        if (due >= 0) {
          wait = Math.min(wait, due);
        }
        Object ev = events.poll(Math.max(1, wait), TimeUnit.MILLISECONDS);
        for (int handled = 0; ev != null; ev = ++handled < 256 ? events.poll() : null) {
          lastActivity = time.nanos(); // a burst of arrivals does not hold back sending
          Object event = ev;
          guarded("intake", () -> scan.handle(event));
        }
        spool.logSettled(false);
        spool.removeLeftovers(false);
        guarded("index", spool::indexDeferred);
        guarded("loss report", () -> losses.queueReport());
        now = time.millis();
        switch (rescans.due(now, scan.stagingPending(), scan.legacyPending())) {
          case FULL -> guarded("rescan", scan::rescan);
          case LEGACY -> guarded("rescan", scan::rescanLegacy);
          case NONE -> {}
        }
        // not opted in, what is queued waits for an opt-in or an opt-out: nothing to stay up for
        boolean idle =
            (spool.size() == 0 || !optedIn)
                && spool.deferredFiles() == 0
                && (senders == null || senders.inFlight() == 0)
                && !scan.legacyPending();
        if (idle) {
          guarded("journal", journal::sync);
        }
        status.maybeReport(optedIn, idle);
        reports.maybeReport(now);
        if (settings.recycling()
            && idle
            && scan.stagingEmpty()
            && time.nanos() - lastActivity >= settings.idleExit().toNanos()) {
          log.info(
              "idle for "
                  + settings.idleExit().toSeconds()
                  + (optedIn
                      ? " s with an empty spool; exiting"
                      : " s while not opted in; exiting, " + spool.size() + " records kept"));
          return 0;
        }
      }
      return 0;
    } finally {
      shutdown();
    }
  }

  /** One step of the loop that may fail without ending it. */
  private interface Step {
    void run() throws IOException;
  }

  private void guarded(String what, Step step) {
    try {
      step.run();
    } catch (IOException | RuntimeException e) {
      throttle.log(
          Log.Level.ERROR, what, what + ": " + FileErrors.describeAny(e) + "; trying again later");
    }
  }

  private void shutdown() {
    SdNotify.fromEnvironment().stopping();
    if (senders != null) {
      senders.stop();
    }
    spool.logSettled(true);
    spool.removeLeftovers(true);
    usage.current(reports.queueSnapshot());
    log.info("stopping: " + counters.summary() + " queued=" + spool.size() + " " + usage.summary());
    status.write("stopped");
  }

  @Override
  public void close() throws IOException {
    if (senders != null) {
      senders.close();
    }
    usage.close();
    try {
      journal.close();
    } catch (IOException e) { // a read-only filesystem: the daemon did its work all the same
      log.error(
          "cannot make the journal durable at exit: "
              + FileErrors.describe(e)
              + "; its last lines may be lost");
    }
  }
}

package org.telemetrics.postd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.Log;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.postd.delivery.Backoff;
import org.telemetrics.postd.delivery.HttpPoster;
import org.telemetrics.postd.delivery.Outcome;
import org.telemetrics.postd.journal.Journal;
import org.telemetrics.postd.ratelimit.RateLimiter;
import org.telemetrics.postd.spool.QueuedRecord;
import org.telemetrics.postd.spool.Spool;
import org.telemetrics.spool.AtomicFiles;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/**
 * The post daemon's loop: takes staged records into the queue, sends due records with up to
 * {@code post_parallelism} senders at once (each takes the next due record itself, so a busy
 * queue does not wake the loop for every record), and settles each outcome on disk. A failing record
 * waits alone (its own backoff); only a failing server (no connection, 429, 503) pauses
 * everything, and then one probe request at a time tests whether it is back.
 */
public final class PostDaemon implements AutoCloseable {
  private static final long LEGACY_RESCAN_MILLIS = 2_000;
  private static final long STATS_MILLIS = 60_000;
  private static final long STATUS_MILLIS = 2_000;
  /** While the server is unreachable it is tested at least this often: one request is cheap. */
  private static final long OUTAGE_PROBE_MILLIS = 30_000;

  private final PostdSettings settings;
  private final Layout layout;
  private final java.nio.file.Path statusFile;
  /** Full rescans of staging and queue, behind the directory watch (spool_process_time). */
  private final long rescanMillis;
  private final Log log;
  private final Clock clock;
  private final Counters counters = new Counters();
  private final Journal journal;
  private final Spool spool;
  private final boolean hasServer;
  private HttpPoster poster; // made on first use: an idle daemon loads no HTTP or TLS classes
  private final RateLimiter limiter;
  private final Backoff backoff;
  private final ExecutorService workers;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object serverLock = new Object();
  private boolean serverDown;
  private int serverFailures;
  private long serverPausedUntil;
  private boolean legacyPending;
  /** Set at shutdown: senders finish their current record and take no more. */
  private volatile boolean stopping;

  /** A send finished; wakes the loop. */
  private record Settled() {}

  public PostDaemon(PostdSettings settings, Log log, Clock clock, Spool.DiskSpace disk)
      throws IOException, GeneralSecurityException {
    this.settings = settings;
    this.layout = settings.layout();
    this.statusFile = settings.statusFile();
    this.rescanMillis = settings.rescanInterval().toMillis();
    this.log = log;
    this.clock = clock;
    this.journal = new Journal(layout.journalFile(), layout.retentionDir(), settings.retention(),
        settings.journalLimit(), Journal.readBootId(Layout.bootIdFile()), log, clock);
    this.spool = new Spool(settings, journal, counters, log, clock, disk);
    this.hasServer = !settings.server().isEmpty();
    if (hasServer && (settings.caInfo().isPresent() || settings.clientCert().isPresent())) {
      this.poster = new HttpPoster(settings, clock); // certificate problems show at start
    }
    this.limiter = RateLimiter.system(settings.rateLimit());
    this.backoff = new Backoff(settings.retryInitial(), settings.retryMax(), new Random());
    this.workers = Executors.newFixedThreadPool(settings.parallelism(), r -> {
      Thread t = new Thread(r, "post");
      t.setDaemon(true);
      return t;
    });
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
    if (!hasServer) {
      log.warning("no server configured; records are kept in " + layout.queueDir());
    }
    try (StagingWatcher watcher =
        new StagingWatcher(layout.stagingDir(), layout.spoolDir(), events)) {
      rescan();
      log.info("started: " + spool.size() + " records queued (" + spool.usedBytes()
          + " bytes), server " + (hasServer ? settings.server() : "none") + ", format "
          + settings.format().name().toLowerCase(java.util.Locale.ROOT));
      SdNotify.fromEnvironment().ready(spool.size() + " records queued");
      long lastRescan = clock.millis();
      long lastLegacyRescan = lastRescan;
      long lastActivity = System.nanoTime();
      long lastStats = lastRescan;
      String lastSummary = "";
      long lastStatus = 0;
      String lastState = "";
      while (!stop.get()) {
        dispatch();
        long now = clock.millis();
        long wait = Math.min(rescanMillis - (now - lastRescan), 1000);
        long due = inFlight.get() >= settings.parallelism() ? -1 : nextDispatchMillis(now);
        if (due >= 0) {
          wait = Math.min(wait, due);
        }
        Object ev = events.poll(Math.max(1, wait), TimeUnit.MILLISECONDS);
        for (int handled = 0; ev != null; ev = ++handled < 256 ? events.poll() : null) {
          lastActivity = System.nanoTime(); // a burst of arrivals does not hold back sending
          handle(ev);
        }
        spool.logSettled(false);
        now = clock.millis();
        if (now - lastRescan >= rescanMillis) {
          rescan();
          lastRescan = now;
        } else if (legacyPending && now - lastLegacyRescan >= LEGACY_RESCAN_MILLIS) {
          rescanLegacy();
          lastLegacyRescan = now;
        }
        boolean idle = spool.size() == 0 && inFlight.get() == 0 && !legacyPending;
        if (idle) {
          journal.sync();
        }
        if (now - lastStatus >= STATUS_MILLIS) {
          String state = (idle ? "idle " : "running ") + counters.summary() + spool.size();
          if (!state.equals(lastState)) {
            writeStatus(idle ? "idle" : "running"); // only when something changed: no idle writes
            lastStatus = now;
            lastState = state;
          }
        }
        if (now - lastStats >= STATS_MILLIS) {
          String summary = counters.summary();
          if (!summary.equals(lastSummary)) {
            log.info("stats: " + summary + " queued=" + spool.size());
            lastSummary = summary;
          }
          lastStats = now;
        }
        if (settings.recycling() && idle && stagingEmpty()
            && System.nanoTime() - lastActivity >= settings.idleExit().toNanos()) {
          log.info("idle for " + settings.idleExit().toSeconds() + " s with an empty spool;"
              + " exiting");
          return 0;
        }
      }
      return 0;
    } finally {
      shutdown();
    }
  }

  private void handle(Object ev) throws IOException {
    if (ev instanceof StagingWatcher.Arrival a) {
      take(a.file(), a.legacy());
    } else if (ev instanceof StagingWatcher.Overflow) {
      log.info("watch events were lost; rescanning");
      rescan();
    }
  }

  private void take(Path file, boolean legacy) throws IOException {
    if (legacy && !isLegacyCandidate(file)) {
      return;
    }
    try {
      Spool.Intake result = spool.intake(file, legacy);
      if (result == Spool.Intake.NOT_READY) {
        legacyPending = true;
      }
    } catch (IOException e) {
      log.error("cannot take " + file + ": " + e.getMessage());
    }
  }

  /** Directories in spool_dir are ours; anything else there is a C-format record. */
  private boolean isLegacyCandidate(Path file) {
    String name = file.getFileName().toString();
    return !name.startsWith(".") && !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS);
  }

  private void rescan() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.stagingDir())) {
      for (Path p : ds) {
        if (!p.getFileName().toString().startsWith(".")) {
          take(p, false);
        }
      }
    }
    rescanLegacy();
  }

  private void rescanLegacy() throws IOException {
    legacyPending = false;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.spoolDir())) {
      for (Path p : ds) {
        take(p, true);
      }
    }
  }

  private boolean stagingEmpty() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.stagingDir())) {
      return !ds.iterator().hasNext();
    }
  }

  /** Milliseconds until something may be sent; -1 when nothing waits. */
  private long nextDispatchMillis(long now) {
    if (!hasServer) {
      return -1;
    }
    long due = spool.millisToNextDue(now);
    if (due < 0) {
      return -1;
    }
    synchronized (serverLock) {
      if (serverDown) {
        due = Math.max(due, serverPausedUntil - now);
      }
    }
    return due;
  }

  /** Starts senders for due records while there is capacity and the server and limits allow. */
  private void dispatch() throws IOException {
    if (!hasServer || spool.millisToNextDue(clock.millis()) != 0) {
      return;
    }
    if (poster == null) {
      try {
        poster = new HttpPoster(settings, clock);
      } catch (java.security.GeneralSecurityException e) {
        throw new IOException("cannot set up TLS: " + e.getMessage(), e);
      }
    }
    while (inFlight.get() < settings.parallelism()) {
      Send first = nextSend();
      if (first == null) {
        return;
      }
      inFlight.incrementAndGet();
      workers.execute(() -> sendWhileDue(first));
      if (serverDown()) {
        return; // one probe at a time while the server is failing
      }
    }
  }

  /** A record to send now, with its rate-limit permit. */
  private record Send(QueuedRecord record, RateLimiter.Permit permit) {}

  /**
   * The next record that may be sent now, dropping expired and (by strategy) rate-limited ones
   * on the way; null when none may. Called by the loop and by senders between two sends.
   */
  private Send nextSend() throws IOException {
    while (true) {
      long now = clock.millis();
      synchronized (serverLock) {
        if (serverDown && (now < serverPausedUntil || inFlight.get() > 0)) {
          return null;
        }
      }
      QueuedRecord r = spool.takeDue(now);
      if (r == null) {
        return null;
      }
      if (spool.expired(r.createdEpochSeconds())) {
        SpoolEntry e = spool.read(r);
        if (e != null) {
          spool.drop(r, e, "expired");
        }
        continue;
      }
      RateLimiter.Permit permit = limiter.tryAcquire(r.recordBytes());
      if (permit == null) {
        if (settings.dropWhenRateLimited()) {
          SpoolEntry e = spool.read(r);
          if (e != null) {
            spool.drop(r, e, "rate-limit");
          }
          continue;
        }
        spool.postpone(r, now + limiter.nanosToNextMinute() / 1_000_000 + 1);
        continue;
      }
      return new Send(r, permit);
    }
  }

  private boolean serverDown() {
    synchronized (serverLock) {
      return serverDown;
    }
  }

  /**
   * A sender: sends, then takes the next due record itself rather than waking the loop for
   * each one, until nothing is due, the server fails or the daemon stops.
   */
  private void sendWhileDue(Send first) {
    try {
      Send next = first;
      while (next != null && send(next.record(), next.permit())) {
        next = stopping || serverDown() ? null : nextSend();
      }
    } catch (IOException | RuntimeException ex) {
      log.error("choosing the next record to send: " + ex);
    } finally {
      inFlight.decrementAndGet();
      events.add(new Settled());
    }
  }

  /** Sends and settles one record; false if that failed unexpectedly (it is put back). */
  private boolean send(QueuedRecord r, RateLimiter.Permit permit) {
    try {
      SpoolEntry e = spool.read(r);
      if (e == null) {
        limiter.release(permit);
        return true;
      }
      Outcome outcome = poster.post(e);
      if (!(outcome instanceof Outcome.Delivered)) {
        limiter.release(permit);
      }
      settle(r, e, outcome);
      return true;
    } catch (IOException | RuntimeException ex) {
      log.error("record " + r.id() + ": " + ex);
      spool.untake(r);
      return false;
    }
  }

  private void settle(QueuedRecord r, SpoolEntry e, Outcome outcome) throws IOException {
    long now = clock.millis();
    boolean outageOver = false;
    if (!(outcome instanceof Outcome.Transient t && t.serverDown())) {
      synchronized (serverLock) {
        outageOver = serverDown;
        serverDown = false;
        serverFailures = 0;
      }
    }
    if (outageOver) {
      log.info("server is answering again; sending the backlog of " + spool.size() + " records");
      spool.endOutage(now);
    }
    if (outcome instanceof Outcome.Delivered d) {
      spool.delivered(r, e);
      if (log.enabled(Log.Level.DEBUG)) { // a line per record: not even built unless wanted
        log.debug("record " + r.id() + " delivered (HTTP " + d.status() + ")");
      }
    } else if (outcome instanceof Outcome.Permanent p) {
      spool.deadLetter(r, e, Integer.toString(p.status()), p.reason());
    } else if (outcome instanceof Outcome.Transient t) {
      retryLater(r, e, t, now);
    }
  }

  private void retryLater(QueuedRecord r, SpoolEntry e, Outcome.Transient t, long now)
      throws IOException {
    int attempts = r.retry().attempts() + 1;
    if (settings.retryMaxAttempts() > 0 && attempts >= settings.retryMaxAttempts()) {
      spool.deadLetter(r, e, "retries-exhausted", t.reason() + " after " + attempts
          + " attempts");
      return;
    }
    long delay = backoff.delayMillis(attempts);
    if (t.serverDown()) {
      synchronized (serverLock) {
        boolean first = !serverDown;
        serverDown = true;
        serverFailures++;
        long pause = t.retryAfter()
            .map(d -> Math.min(d.toMillis(), backoff.maxMillis()))
            .orElse(Math.min(backoff.delayMillis(serverFailures), OUTAGE_PROBE_MILLIS));
        serverPausedUntil = Math.max(serverPausedUntil, now + pause);
        delay = Math.max(0, serverPausedUntil - now);
        if (first) {
          log.warning("server unavailable (" + t.reason() + "); pausing sends for "
              + pause + " ms");
        }
      }
    }
    spool.failed(r, now + delay, t.serverDown(), t.reason());
    counters.error("record " + r.id() + ": " + t.reason(), now);
    log.info("record " + r.id() + " attempt " + attempts + " failed (" + t.reason()
        + "); next in " + delay + " ms");
  }

  private void shutdown() {
    SdNotify.fromEnvironment().stopping();
    stopping = true;
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      spool.logSettled(true);
    } catch (IOException e) {
      log.warning("cannot log settled records: " + e.getMessage()
          + "; they may be sent again after the restart, under their ids");
    }
    log.info("stopping: " + counters.summary() + " queued=" + spool.size());
    writeStatus("stopped");
  }

  /** The key=value facts telemctl status shows; a failure to write is only logged. */
  private void writeStatus(String state) {
    DaemonStatus s = DaemonStatus.empty()
        .with(DaemonStatus.UPDATED_MS, clock.millis())
        .with(DaemonStatus.PID, ProcessHandle.current().pid())
        .with(DaemonStatus.STATE, state)
        .with("queued", spool.size())
        .with("queued_bytes", spool.usedBytes());
    if (counters.lastDeliveryMillis > 0) {
      s = s.with(DaemonStatus.LAST_DELIVERY_MS, counters.lastDeliveryMillis)
          .with(DaemonStatus.LAST_DELIVERY_RECORD_ID, counters.lastDeliveryId);
    }
    if (counters.lastErrorMillis > 0) {
      s = s.with(DaemonStatus.LAST_ERROR_MS, counters.lastErrorMillis)
          .with(DaemonStatus.LAST_ERROR, counters.lastError);
    }
    s = s.with(DaemonStatus.DELIVERED, counters.delivered.get())
        .with(DaemonStatus.DEAD_LETTERED, counters.deadLettered.get())
        .with(DaemonStatus.DROPPED, counters.droppedTotal())
        .with(DaemonStatus.FAILED_ATTEMPTS, counters.retried.get())
        .with("quarantined", counters.quarantined.get());
    try {
      AtomicFiles.ensureDirectory(statusFile.getParent());
      StatusFile.write(statusFile, s);
    } catch (IOException e) {
      log.warning("cannot write " + statusFile + ": " + e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    if (poster != null) {
      poster.close();
    }
    journal.close();
  }
}

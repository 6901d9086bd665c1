package org.telemetrics.probd;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.newsclub.net.unix.AFUNIXSocket;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.daemon.NativeLibrary;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.daemon.Watchdog;
import org.telemetrics.log.Log;

/**
 * The daemon's life: listen, serve each connection (at most {@code probd_max_connections} at once,
 * each under {@code probd_connection_timeout_ms}: on the accepting thread when its frame is there
 * at once, as a probe's usually is, else on a thread of its own), reload on request, exit when idle
 * (socket-activated, with recycling) or asked to stop, finishing the frames in flight first.
 */
final class ProbeDaemon {
  /** Loads the configuration again for a reload. */
  interface ConfigSource {
    TelemetryConfig load() throws ConfigException;
  }

  /**
   * How long a connection's frame may keep the accepting thread before the connection gets a thread
   * of its own: the socket's timeout counts in milliseconds, and a read needs one of them at least.
   */
  static final long FIRST_LOOK_MS = 2;

  /** Per-connection thread stack: the handler is shallow, and many may be alive. */
  private static final long STACK_BYTES = 256 * 1024;

  private final ConfigSource configSource;
  private final Log log;
  private final SdNotify notify;
  private final Watchdog watchdog;
  private final TimeSource time;
  private final Supplier<String> newIds;
  private volatile ProbdSettings settings;
  private volatile boolean stopping;
  private volatile String stopReason = "";
  private volatile long lastActivityNanos;
  private volatile ListeningSocket listening;
  private ConnectionSlots slots;
  private ProbdCounters counters;
  private ConnectionHandler handler;
  private ProbdStatusWriter statusWriter;
  // written by run, read by the signal handler's thread
  private volatile ScheduledExecutorService scheduler;
  private String lastStatus = "";

  /**
   * {@code newIds} makes the random ids (record and machine ids); {@code watchdog} is pinged from
   * the accept loop.
   */
  ProbeDaemon(
      ConfigSource configSource,
      TelemetryConfig initial,
      Log log,
      SdNotify notify,
      Watchdog watchdog,
      TimeSource time,
      Supplier<String> newIds) {
    this.configSource = configSource;
    this.settings = ProbdSettings.from(initial);
    this.log = log;
    this.notify = notify;
    this.watchdog = watchdog;
    this.time = time;
    this.newIds = newIds;
    this.lastActivityNanos = time.monotonic().nanos();
  }

  /** Serves until stopped; returns the exit code. */
  int run() {
    ProbdSettings s = settings;
    NativeLibrary.useDirectory(s.nativeLibraryDir(), log);
    try {
      // first: a second instance must fail here, before it touches the first one's tmp/
      listening = ListeningSocket.open(s.layout().socketPath());
    } catch (IOException | RuntimeException | LinkageError e) {
      log.error("cannot listen: " + e.getMessage());
      return 1;
    }
    counters = new ProbdCounters();
    counters.knowLabels(s.labels());
    StagingArea staging = new StagingArea(s.layout(), time, log, counters::stagingCommitted);
    try {
      staging.prepare();
    } catch (IOException e) {
      log.error("cannot prepare " + s.layout().spoolDir() + ": " + e.getMessage());
      closeListener();
      return 1;
    }
    MachineIdSource machineIds =
        new MachineIdSource(
            s.layout().staticMachineIdFile(),
            s.layout().machineIdFile(),
            time.wall(),
            time.monotonic(),
            newIds,
            log);
    machineIds.current(); // create or rotate the id now, as C does at start
    statusWriter = new ProbdStatusWriter(s.statusFile(), counters, log, time);
    handler = new ConnectionHandler(log, time, newIds, machineIds, staging, counters);
    slots = new ConnectionSlots(s.maxConnections(), time.monotonic());
    HostSnapshotWriter.start(s.layout().hostInfoFile(), log);
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "probd-timer"));
    scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    if (watchdog.enabled()) {
      log.info("systemd watchdog enabled: pinging every " + watchdog.periodMillis() + " ms");
    }
    log.info(
        "listening on "
            + listening.description()
            + (s.peerPolicy().allowsEveryone()
                ? ""
                : "; peers allowed: uids "
                    + s.peerPolicy().uids()
                    + " gids "
                    + s.peerPolicy().gids()));
    if (s.recycling() && !listening.activated()) {
      log.info(
          "not socket-activated: daemon_recycling_enabled is ignored (nothing would "
              + "start telemprobd again)");
    }
    notify.ready("listening on " + listening.path());
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            new WorkerFactory());
    AcceptLoop.End end =
        new AcceptLoop(
                listening,
                slots,
                watchdog,
                () -> stopping,
                () -> settings.slotWaitMs(),
                counters::connectionRefused,
                time.monotonic(),
                log)
            .run(socket -> serveAtOnce(socket, settings, workers));
    if (end != AcceptLoop.End.STOPPED) {
      stopReason =
          end == AcceptLoop.End.SOCKET_CLOSED
              ? "listening socket closed"
              : "the listening socket failed";
    }
    closeListener();
    notify.stopping();
    log.info("stopping (" + stopReason + "); finishing " + slots.active() + " connections");
    workers.shutdown();
    try {
      if (!slots.awaitIdle(settings.connectionTimeoutMs() + 5000L)) {
        log.warning(slots.active() + " connections still open at exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    staging.close();
    scheduler.shutdownNow();
    statusWriter.writeAtExit();
    log.info(
        "exiting: "
            + handler.accepted()
            + " records accepted, "
            + handler.rejected()
            + " rejected");
    return end == AcceptLoop.End.STOPPED ? 0 : 1;
  }

  /**
   * Serves a connection on the accepting thread while its frame is there to read: a probe writes
   * its frame as it connects, so it is usually whole by the time it is accepted, and handing it to
   * another thread would cost more than the record itself. A frame not whole within {@link
   * #FIRST_LOOK_MS} goes on on a thread of its own, from what was read.
   */
  private void serveAtOnce(AFUNIXSocket socket, ProbdSettings current, ThreadPoolExecutor workers) {
    lastActivityNanos = time.monotonic().nanos();
    counters.connectionOpened();
    ConnectionHandler.Progress progress = ConnectionHandler.Progress.ANSWERED;
    ConnectionHandler.Connection connection = null;
    try {
      // close(2) ends the connection for the probe; a shutdown(2) before it would be one more call
      socket.setShutdownOnClose(false);
      connection = handler.open(socket, current);
      long firstLook = time.monotonic().nanos() + FIRST_LOOK_MS * 1_000_000L;
      progress = handler.serve(connection, current, firstLook, () -> connectionClosed(null));
    } catch (RuntimeException e) {
      // a bug, not input: this connection is closed below, and the loop keeps accepting
      log.error("internal error serving a connection: " + e);
    } finally {
      if (progress == ConnectionHandler.Progress.ANSWERED) {
        connectionClosed(socket);
      }
    }
    if (progress == ConnectionHandler.Progress.UNFINISHED) {
      ConnectionHandler.Connection slow = connection;
      try {
        workers.execute(() -> serveRest(slow, current));
      } catch (RuntimeException | OutOfMemoryError e) {
        counters.connectionClosed(); // the accept loop closes it and frees its slot
        throw e;
      }
    }
  }

  /** Serves a connection whose frame was not whole at once, until its deadline. */
  private void serveRest(ConnectionHandler.Connection connection, ProbdSettings current) {
    ConnectionHandler.Progress progress = ConnectionHandler.Progress.ANSWERED;
    try {
      progress = handler.serve(connection, current, Long.MAX_VALUE, () -> connectionClosed(null));
    } finally {
      if (progress != ConnectionHandler.Progress.STAGING) {
        connectionClosed(connection.socket());
      }
    }
  }

  /** A connection is done with: closes it (unless closed already) and frees its slot. */
  private void connectionClosed(AFUNIXSocket socket) {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException e) {
      log.debug("closing a connection failed: " + e.getMessage());
    } finally {
      lastActivityNanos = time.monotonic().nanos();
      counters.connectionClosed();
      slots.release();
    }
  }

  /** Once a second: the status line for systemd, and the idle exit. */
  private void tick() {
    try {
      checkStatusAndIdle();
    } catch (RuntimeException e) {
      // an exception would silently cancel every later tick, and with it the idle exit
      log.error("periodic check failed: " + e);
    }
  }

  private void checkStatusAndIdle() {
    String status =
        handler.accepted()
            + " records accepted, "
            + handler.rejected()
            + " rejected, "
            + counters.connectionsOpen()
            + " connections open";
    if (!status.equals(lastStatus)) {
      lastStatus = status;
      notify.status(status);
    }
    statusWriter.maybeWrite();
    ProbdSettings s = settings;
    if (s.recycling()
        && listening.activated()
        && counters.connectionsOpen() == 0
        && time.monotonic().nanos() - lastActivityNanos >= s.idleExitMillis() * 1_000_000L) {
      stop("idle for " + s.idleExitMillis() / 1000 + " s");
    }
  }

  /** Asks the daemon to stop accepting, finish what is in flight and exit 0. */
  void stop(String reason) {
    if (stopping) {
      return;
    }
    stopReason = reason;
    stopping = true;
    closeListener(); // wakes the accept of our own socket at once
  }

  /** Closes a socket we bound; one systemd passed is left as it is (see ListeningSocket). */
  private void closeListener() {
    ListeningSocket l = listening;
    if (l != null) {
      try {
        l.closeIfOwned();
      } catch (IOException e) {
        log.debug("closing the listening socket: " + e.getMessage());
      }
    }
  }

  /** Re-reads the configuration off the signal thread; the socket stays as it is. */
  void reload() {
    ScheduledExecutorService s = scheduler;
    if (s == null) {
      return;
    }
    try {
      s.execute(this::doReload);
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  private void doReload() {
    ProbdSettings next;
    try {
      next = ProbdSettings.from(configSource.load());
    } catch (ConfigException e) {
      log.error("reload failed, keeping the current configuration: " + e.getMessage());
      return;
    }
    if (!next.layout().socketPath().equals(settings.layout().socketPath())) {
      log.warning(
          "socket_path changed to "
              + next.layout().socketPath()
              + "; it takes effect at the next start");
    }
    if (!next.layout().spoolDir().equals(settings.layout().spoolDir())) {
      log.warning("spool_dir changed; it takes effect at the next start");
    }
    next =
        new ProbdSettings(
            settings.layout(),
            next.peerPolicy(),
            next.maxConnections(),
            next.connectionTimeoutMs(),
            next.slotWaitMs(),
            next.labels(),
            next.recycling(),
            next.idleExitMillis(),
            next.stagingQuotaBytes(),
            settings.nativeLibraryDir(),
            settings.statusFile());
    settings = next;
    slots.setLimit(next.maxConnections());
    counters.knowLabels(next.labels());
    log.info("configuration reloaded");
  }

  private static Thread daemonThread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static final class WorkerFactory implements ThreadFactory {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(null, r, "probd-conn-" + n.incrementAndGet(), STACK_BYTES);
      t.setDaemon(true);
      return t;
    }
  }
}

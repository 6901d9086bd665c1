package org.telemetrics.probd;

import java.io.IOException;
import java.util.function.Supplier;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.daemon.NativeLibrary;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.daemon.Watchdog;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;

/**
 * The daemon's life: listen, serve each connection (at most {@code probd_max_connections} at once,
 * each under {@code probd_connection_timeout_ms}: on the accepting thread when its frame is there
 * at once, as a probe's usually is ({@link AcceptThreadServer}), else on a thread of its own
 * ({@link ConnectionWorkers})), reload on request, exit when idle (socket-activated, with
 * recycling: {@link StatusAndIdleCheck}) or asked to stop, finishing the frames in flight first.
 */
final class ProbeDaemon {
  private final ReloadableSettings settings;
  private final Log log;
  private final SdNotify notify;
  private final Watchdog watchdog;
  private final TimeSource time;
  private final Supplier<String> newIds;
  private final long startNanos;
  private volatile boolean stopping;
  private volatile String stopReason = "";
  private volatile ListeningSocket listening;
  private ProbdServices services;
  // written by run, read by the signal handler's thread
  private volatile ProbdTimer timer;

  /**
   * {@code newIds} makes the random ids (record and machine ids); {@code watchdog} is pinged from
   * the accept loop.
   */
  ProbeDaemon(
      ReloadableSettings.ConfigSource configSource,
      TelemetryConfig initial,
      Log log,
      SdNotify notify,
      Watchdog watchdog,
      TimeSource time,
      Supplier<String> newIds) {
    this.settings = new ReloadableSettings(configSource, ProbdSettings.from(initial), log);
    this.log = log;
    this.notify = notify;
    this.watchdog = watchdog;
    this.time = time;
    this.newIds = newIds;
    this.startNanos = time.monotonic().nanos();
  }

  /** Serves until stopped; returns the exit code. */
  int run() {
    ProbdSettings s = settings.current();
    NativeLibrary.useDirectory(s.nativeLibraryDir(), log);
    try {
      // first: a second instance must fail here, before it touches the first one's tmp/
      listening = ListeningSocket.open(s.layout().socketPath());
    } catch (IOException | RuntimeException | LinkageError e) {
      log.error("cannot listen: " + FileErrors.describe(e));
      return 1;
    }
    try {
      services = ProbdServices.start(s, time, newIds, log);
    } catch (IOException e) {
      log.error("cannot prepare " + FileErrors.about(s.layout().spoolDir(), e));
      closeListener();
      return 1;
    }
    ProbdCounters counters = services.counters();
    ConnectionRelease release =
        new ConnectionRelease(services.slots(), counters, time.monotonic(), startNanos, log);
    timer =
        new ProbdTimer(
            new StatusAndIdleCheck(
                counters,
                services.statusWriter(),
                release,
                listening.activated(),
                settings::current,
                this::stop,
                notify,
                time.monotonic(),
                log));
    logListening(s);
    notify.ready("listening on " + listening.path());
    ConnectionWorkers workers = new ConnectionWorkers(services.handler(), release);
    AcceptThreadServer server =
        new AcceptThreadServer(
            services.handler(), workers, release, counters, time.monotonic(), log);
    AcceptLoop.End end =
        new AcceptLoop(
                listening,
                services.slots(),
                watchdog,
                () -> stopping,
                () -> settings.current().slotWaitMs(),
                counters::connectionRefused,
                time.monotonic(),
                log)
            .run(socket -> server.serve(socket, settings.current()));
    if (end != AcceptLoop.End.STOPPED) {
      stopReason =
          end == AcceptLoop.End.SOCKET_CLOSED
              ? "listening socket closed"
              : "the listening socket failed";
    }
    finish(workers);
    return end == AcceptLoop.End.STOPPED ? 0 : 1;
  }

  private void logListening(ProbdSettings s) {
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
  }

  /** After the accept loop: finishes the connections in flight, seals staging, writes status. */
  private void finish(ConnectionWorkers workers) {
    ConnectionSlots slots = services.slots();
    ProbdCounters counters = services.counters();
    closeListener();
    notify.stopping();
    log.info("stopping (" + stopReason + "); finishing " + slots.active() + " connections");
    workers.shutdown();
    try {
      if (!slots.awaitIdle(settings.current().connectionTimeoutMs() + 5000L)) {
        log.warning(slots.active() + " connections still open at exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    services.staging().close();
    timer.stop();
    services.statusWriter().writeAtExit();
    log.info(
        "exiting: "
            + counters.acceptedCount()
            + " records accepted, "
            + counters.rejectedCount()
            + " rejected");
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
    ProbdTimer t = timer;
    if (t != null) {
      t.execute(this::doReload);
    }
  }

  private void doReload() {
    ProbdSettings next = settings.reload();
    if (next != null) {
      services.slots().setLimit(next.maxConnections());
      services.counters().knowLabels(next.labels());
      log.info("configuration reloaded");
    }
  }
}

package org.telemetrics.probd;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.log.Log;

/**
 * Runs once a second on the daemon's timer: the status line for systemd, the status file, and the
 * idle exit of a socket-activated daemon with recycling on (systemd starts it again at the next
 * connection).
 */
final class StatusAndIdleCheck implements Runnable {
  private final ProbdCounters counters;
  private final ProbdStatusWriter statusWriter;
  private final ConnectionRelease connections;
  private final boolean activated;
  private final Supplier<ProbdSettings> settings;
  private final Consumer<String> stop;
  private final SdNotify notify;
  private final Ticker ticker;
  private final Log log;
  private String lastStatus = "";

  /** {@code activated}: the listening socket came from systemd; {@code stop} gets the reason. */
  StatusAndIdleCheck(
      ProbdCounters counters,
      ProbdStatusWriter statusWriter,
      ConnectionRelease connections,
      boolean activated,
      Supplier<ProbdSettings> settings,
      Consumer<String> stop,
      SdNotify notify,
      Ticker ticker,
      Log log) {
    this.counters = counters;
    this.statusWriter = statusWriter;
    this.connections = connections;
    this.activated = activated;
    this.settings = settings;
    this.stop = stop;
    this.notify = notify;
    this.ticker = ticker;
    this.log = log;
  }

  @Override
  public void run() {
    try {
      check();
    } catch (RuntimeException e) {
      // an exception would silently cancel every later tick, and with it the idle exit
      log.error("periodic check failed: " + e);
    }
  }

  private void check() {
    String status =
        counters.acceptedCount()
            + " records accepted, "
            + counters.rejectedCount()
            + " rejected, "
            + counters.connectionsOpen()
            + " connections open";
    if (!status.equals(lastStatus)) {
      lastStatus = status;
      notify.status(status);
    }
    statusWriter.maybeWrite();
    ProbdSettings s = settings.get();
    if (s.recycling()
        && activated
        && counters.connectionsOpen() == 0
        && ticker.nanos() - connections.lastActivityNanos() >= s.idleExitMillis() * 1_000_000L) {
      stop.accept("idle for " + s.idleExitMillis() / 1000 + " s");
    }
  }
}

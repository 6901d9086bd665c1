package org.telemetrics.probd;

import java.io.IOException;
import org.newsclub.net.unix.AFUNIXSocket;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.log.Log;

/**
 * The end of a connection, whichever thread serves it: closes the socket (unless closed already),
 * frees its slot, and remembers when, for the idle exit.
 */
final class ConnectionRelease {
  private final ConnectionSlots slots;
  private final ProbdCounters counters;
  private final Ticker ticker;
  private final Log log;
  private volatile long lastActivityNanos;

  /** {@code startNanos}: when the daemon started, on {@code ticker}; idle since then at first. */
  ConnectionRelease(
      ConnectionSlots slots, ProbdCounters counters, Ticker ticker, long startNanos, Log log) {
    this.slots = slots;
    this.counters = counters;
    this.ticker = ticker;
    this.log = log;
    this.lastActivityNanos = startNanos;
  }

  /** A connection was taken on now. */
  void opened() {
    lastActivityNanos = ticker.nanos();
    counters.connectionOpened();
  }

  /** A connection is done with: closes {@code socket} (null: closed already), frees its slot. */
  void closed(AFUNIXSocket socket) {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException e) {
      log.debug("closing a connection failed: " + e.getMessage());
    } finally {
      lastActivityNanos = ticker.nanos();
      counters.connectionClosed();
      slots.release();
    }
  }

  /** When a connection was last taken on or done with (monotonic nanos), or the start. */
  long lastActivityNanos() {
    return lastActivityNanos;
  }
}

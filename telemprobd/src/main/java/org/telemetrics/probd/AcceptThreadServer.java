package org.telemetrics.probd;

import org.newsclub.net.unix.AFUNIXSocket;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.log.Log;

/**
 * Serves a connection on the accepting thread while its frame is there to read: a probe writes its
 * frame as it connects, so it is usually whole by the time it is accepted, and handing it to
 * another thread would cost more than the record itself. A frame not whole within {@link
 * #FIRST_LOOK_MS} goes on on a thread of its own ({@link ConnectionWorkers}), from what was read.
 */
final class AcceptThreadServer {
  /**
   * How long a connection's frame may keep the accepting thread before the connection gets a thread
   * of its own: the socket's timeout counts in milliseconds, and a read needs one of them at least.
   */
  static final long FIRST_LOOK_MS = 2;

  private final ConnectionHandler handler;
  private final ConnectionWorkers workers;
  private final ConnectionRelease release;
  private final ProbdCounters counters;
  private final Ticker ticker;
  private final Log log;

  AcceptThreadServer(
      ConnectionHandler handler,
      ConnectionWorkers workers,
      ConnectionRelease release,
      ProbdCounters counters,
      Ticker ticker,
      Log log) {
    this.handler = handler;
    this.workers = workers;
    this.release = release;
    this.counters = counters;
    this.ticker = ticker;
    this.log = log;
  }

  /**
   * Serves an accepted connection that holds a slot, under {@code current} settings. Throws only
   * when no thread could be had for a slow connection: the accept loop then closes it and frees its
   * slot.
   */
  void serve(AFUNIXSocket socket, ProbdSettings current) {
    release.opened();
    ConnectionHandler.Progress progress = ConnectionHandler.Progress.ANSWERED;
    ProbeConnection connection = null;
    try {
      // close(2) ends the connection for the probe; a shutdown(2) before it would be one more call
      socket.setShutdownOnClose(false);
      connection = handler.open(socket, current);
      long firstLook = ticker.nanos() + FIRST_LOOK_MS * 1_000_000L;
      progress = handler.serve(connection, current, firstLook, () -> release.closed(null));
    } catch (RuntimeException e) {
      // a bug, not input: this connection is closed below, and the loop keeps accepting
      log.error("internal error serving a connection: " + e);
    } finally {
      if (progress == ConnectionHandler.Progress.ANSWERED) {
        release.closed(socket);
      }
    }
    if (progress == ConnectionHandler.Progress.UNFINISHED) {
      try {
        workers.serveRest(connection, current);
      } catch (RuntimeException | OutOfMemoryError e) {
        counters.connectionClosed(); // the accept loop closes it and frees its slot
        throw e;
      }
    }
  }
}

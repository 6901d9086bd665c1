package org.telemetrics.probd;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.newsclub.net.unix.AFUNIXSocket;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.daemon.Watchdog;
import org.telemetrics.log.Log;

/**
 * Accepts connections and hands each to the daemon with a {@link ConnectionSlots slot} taken, until
 * asked to stop or the socket fails. A connection that finds every slot busy waits for one at most
 * {@link ProbdSettings#slotWaitMs} (the connections behind it wait in the socket's backlog) and is
 * then turned away with a rejection ({@link BusyRefusal}), and counted. It wakes at least every
 * {@link #WAKEUP_MS} to notice a stop (a socket passed by systemd is never closed to interrupt it)
 * and, with systemd's watchdog, often enough to ping it: the pings stop when this loop does. Failed
 * accepts back off ({@link AcceptBackoff}) and end the loop when they do not pass.
 */
final class AcceptLoop {
  /** How the loop ended. */
  enum End {
    STOPPED,
    SOCKET_CLOSED,
    SOCKET_FAILED
  }

  static final int WAKEUP_MS = 500;

  private final ListeningSocket listening;
  private final ConnectionSlots slots;
  private final Watchdog watchdog;
  private final BooleanSupplier stopping;
  private final LongSupplier slotWaitMs;
  private final Runnable refused;
  private final Ticker ticker;
  private final Log log;
  private long wakeupMs = WAKEUP_MS;

  /**
   * {@code slotWaitMs} is read for each connection (a reload may change it); {@code refused} learns
   * of each connection turned away.
   */
  AcceptLoop(
      ListeningSocket listening,
      ConnectionSlots slots,
      Watchdog watchdog,
      BooleanSupplier stopping,
      LongSupplier slotWaitMs,
      Runnable refused,
      Ticker ticker,
      Log log) {
    this.listening = listening;
    this.slots = slots;
    this.watchdog = watchdog;
    this.stopping = stopping;
    this.slotWaitMs = slotWaitMs;
    this.refused = refused;
    this.ticker = ticker;
    this.log = log;
  }

  /**
   * Runs until stopped. {@code serve} gets each accepted connection with its slot taken; it must
   * release the slot when done, and throw only when it could not take the connection on (the loop
   * then closes it and frees the slot).
   */
  End run(Consumer<AFUNIXSocket> serve) {
    setWakeup();
    AcceptBackoff backoff = new AcceptBackoff();
    while (!stopping.getAsBoolean()) {
      watchdog.poll();
      AFUNIXSocket socket;
      try {
        socket = listening.server().accept();
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        if (stopping.getAsBoolean()) {
          return End.STOPPED;
        }
        if (e instanceof SocketException && listening.server().isClosed()) {
          log.error("listening socket closed unexpectedly");
          return End.SOCKET_CLOSED;
        }
        if (!pauseAfter(e, backoff)) {
          return End.SOCKET_FAILED;
        }
        continue;
      }
      backoff.succeeded();
      boolean slot;
      try {
        slot = awaitSlot();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        turnAway(socket);
        return End.STOPPED;
      }
      if (slot) {
        handOver(socket, serve);
      } else {
        turnAway(socket);
      }
    }
    return End.STOPPED;
  }

  /** Takes a slot within the configured wait, pinging the watchdog meanwhile. */
  private boolean awaitSlot() throws InterruptedException {
    long waitMs = slotWaitMs.getAsLong();
    long start = ticker.nanos();
    while (true) {
      long left = waitMs - ticker.millisSince(start);
      if (slots.acquire(Math.max(0, Math.min(left, wakeupMs)))) {
        return true;
      }
      if (ticker.millisSince(start) >= waitMs) {
        return false;
      }
      watchdog.poll();
    }
  }

  private void turnAway(AFUNIXSocket socket) {
    refused.run();
    int limit = slots.limit();
    log.warning(
        "turned a connection away: all "
            + limit
            + " connection slots stayed busy"
            + " (probd_max_connections)");
    BusyRefusal.answer(socket, limit, ticker, log);
  }

  private void setWakeup() {
    long wakeup = WAKEUP_MS;
    if (watchdog.enabled()) {
      wakeup = Math.max(10, Math.min(wakeup, watchdog.periodMillis() / 2));
    }
    wakeupMs = wakeup;
    try {
      listening.server().setSoTimeout((int) wakeup);
    } catch (IOException e) {
      log.warning("cannot set the accept timeout: " + e.getMessage());
    }
  }

  /** Waits after a failed accept; false when the socket is given up on. */
  private boolean pauseAfter(IOException e, AcceptBackoff backoff) {
    long waitMs = backoff.failed();
    if (waitMs < 0) {
      log.error(
          "the listening socket "
              + listening.description()
              + " does not accept"
              + " connections ("
              + backoff.failures()
              + " failures in a row, the last: "
              + e.getMessage()
              + "); exiting"
              + (listening.activated()
                  ? ". systemd passed a socket that is no longer usable: restart telemprobd.socket"
                  : ""));
      return false;
    }
    log.warning("accept failed: " + e.getMessage() + "; retrying in " + waitMs + " ms");
    try {
      Thread.sleep(waitMs);
      return true;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void handOver(AFUNIXSocket socket, Consumer<AFUNIXSocket> serve) {
    try {
      serve.accept(socket);
    } catch (RuntimeException | OutOfMemoryError e) {
      // no thread for it (the system's thread limit): drop this connection, keep serving
      log.error("cannot start a thread for a connection: " + e);
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing is all we can do for it
      }
      slots.release();
    }
  }
}

package org.telemetrics.probd;

import org.telemetrics.daemon.Ticker;

/**
 * A cap on connections served at once that a reload may change. Waits are measured on the monotonic
 * ticker: a wall clock set back would stretch them.
 */
final class ConnectionSlots {
  private final Ticker ticker;
  private int limit;
  private int active;

  ConnectionSlots(int limit, Ticker ticker) {
    this.limit = limit;
    this.ticker = ticker;
  }

  /** Takes a slot, waiting at most {@code timeoutMs}; false when none freed in time. */
  synchronized boolean acquire(long timeoutMs) throws InterruptedException {
    long start = ticker.nanos();
    while (active >= limit) {
      long left = timeoutMs - ticker.millisSince(start);
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    active++;
    return true;
  }

  synchronized void release() {
    active--;
    notifyAll();
  }

  synchronized void setLimit(int limit) {
    this.limit = limit;
    notifyAll();
  }

  synchronized int limit() {
    return limit;
  }

  synchronized int active() {
    return active;
  }

  /** Waits until no slot is taken, at most {@code timeoutMs}; true when all are free. */
  synchronized boolean awaitIdle(long timeoutMs) throws InterruptedException {
    long start = ticker.nanos();
    while (active > 0) {
      long left = timeoutMs - ticker.millisSince(start);
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }
}

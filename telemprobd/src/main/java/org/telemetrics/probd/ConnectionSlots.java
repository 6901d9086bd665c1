package org.telemetrics.probd;

/** A cap on connections served at once that a reload may change. */
final class ConnectionSlots {
  private int limit;
  private int active;

  ConnectionSlots(int limit) {
    this.limit = limit;
  }

  /** Takes a slot, waiting at most {@code timeoutMs}; false when none freed in time. */
  synchronized boolean acquire(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (active >= limit) {
      long left = deadline - System.currentTimeMillis();
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

  synchronized int active() {
    return active;
  }

  /** Waits until no slot is taken, at most {@code timeoutMs}; true when all are free. */
  synchronized boolean awaitIdle(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (active > 0) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }
}

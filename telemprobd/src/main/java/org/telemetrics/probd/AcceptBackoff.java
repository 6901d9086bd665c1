package org.telemetrics.probd;

/**
 * What the accept loop does after a failed accept: wait, doubling the wait from {@link
 * #FIRST_DELAY_MS} to {@link #MAX_DELAY_MS}, and give up after {@link #GIVE_UP_AFTER} failures in a
 * row. A transient failure (out of descriptors) passes; a socket that cannot accept at all (a dead
 * descriptor handed over by systemd: "Invalid argument") ends the daemon with an error within
 * seconds instead of spinning and flooding the journal.
 */
final class AcceptBackoff {
  static final int GIVE_UP_AFTER = 12;
  static final long FIRST_DELAY_MS = 10;
  static final long MAX_DELAY_MS = 1000;

  private int failures;

  /** After a failure: milliseconds to wait before the next accept, or -1 to give up. */
  long failed() {
    failures++;
    if (failures >= GIVE_UP_AFTER) {
      return -1;
    }
    return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << Math.min(failures - 1, 20));
  }

  void succeeded() {
    failures = 0;
  }

  int failures() {
    return failures;
  }
}

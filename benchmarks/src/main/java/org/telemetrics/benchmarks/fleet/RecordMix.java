package org.telemetrics.benchmarks.fleet;

/**
 * The records a machine makes besides the heartbeat, stated (the product does not fix them): event
 * records (crashes, kernel and journal problems) at random, and an optional loop on a share of the
 * fleet while the backend is down (a crash loop, a flood of journal failures): the cases that fill
 * spools and meet the rate limit.
 *
 * @param heartbeatBytes size of hprobe's record as the spool and the rate limit count it
 * @param eventsPerDay event records per machine and day, a Poisson process
 * @param eventBytes size of one event record
 * @param loopShare share of the machines in a loop during the outage, 0 for none
 * @param loopIntervalMillis one record every this often on those machines
 * @param loopBytes size of one such record
 */
record RecordMix(
    int heartbeatBytes,
    double eventsPerDay,
    int eventBytes,
    double loopShare,
    long loopIntervalMillis,
    int loopBytes) {

  /** No loop; two event records a day; the loop fields are those of {@link #crashLoop}. */
  static final RecordMix USUAL = new RecordMix(512, 2, 8_192, 0, 10_000, 16_384);

  /** A crash record with its backtrace every 10 s, as systemd restarts a failing service. */
  RecordMix crashLoop(double share) {
    return withLoop(share, 10_000, 16_384);
  }

  /** A journal failure every 2 s. */
  RecordMix journalFlood(double share) {
    return withLoop(share, 2_000, 2_048);
  }

  /** {@code share} of the machines make a record of {@code bytes} every {@code interval}. */
  RecordMix withLoop(double share, long intervalMillis, int bytes) {
    return new RecordMix(heartbeatBytes, eventsPerDay, eventBytes, share, intervalMillis, bytes);
  }
}

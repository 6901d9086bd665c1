package org.telemetrics.benchmarks.fleet;

/**
 * The records a machine makes besides the heartbeat, stated (the product does not fix them): event
 * records (crashes, kernel and journal problems) at random, and an optional crash loop on a share
 * of the fleet while the backend is down, the case that fills spools.
 *
 * @param heartbeatBytes size of hprobe's record as the spool and the rate limit count it
 * @param eventsPerDay event records per machine and day, a Poisson process
 * @param eventBytes size of one event record
 * @param loopShare share of the machines in a crash loop during the outage, 0 for none
 * @param loopIntervalMillis one crash record every this often on those machines
 * @param loopBytes size of one crash-loop record
 */
record RecordMix(
    int heartbeatBytes,
    double eventsPerDay,
    int eventBytes,
    double loopShare,
    long loopIntervalMillis,
    int loopBytes) {

  static final RecordMix USUAL = new RecordMix(512, 2, 8_192, 0, 10_000, 16_384);

  RecordMix withCrashLoop(double share) {
    return new RecordMix(
        heartbeatBytes, eventsPerDay, eventBytes, share, loopIntervalMillis, loopBytes);
  }

  RecordMix withLoopInterval(long millis) {
    return new RecordMix(heartbeatBytes, eventsPerDay, eventBytes, loopShare, millis, loopBytes);
  }
}

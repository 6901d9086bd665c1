package org.telemetrics.benchmarks.fleet;

import java.util.EnumMap;
import java.util.Map;
import org.telemetrics.spool.disk.DropReason;

/**
 * The fleet's records: made, delivered, dropped (by reason), and how many of those made before the
 * backend came back still wait; the backlog is drained when none does.
 */
final class FleetTally implements MachineSender.Drops {
  private final long recoveryMillis;
  private final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
  private long created;
  private long delivered;
  private long oldWaiting;
  private long waitingAtRecovery = -1;
  private long drainedAtMillis = -1;
  private long now;

  /**
   * @param recoveryMillis when the backend comes back; 0 or less: no outage, nothing to drain
   */
  FleetTally(long recoveryMillis) {
    this.recoveryMillis = recoveryMillis;
  }

  void created(long nowMillis) {
    created++;
    if (nowMillis < recoveryMillis) {
      oldWaiting++;
    }
  }

  void delivered(long record) {
    delivered++;
    settled(record);
  }

  @Override
  public void dropped(long record, DropReason reason) {
    dropped.merge(reason, 1L, Long::sum);
    settled(record);
  }

  /** Simulated time is {@code nowMillis}; notes the backlog when the backend comes back. */
  void passed(long nowMillis) {
    now = nowMillis;
    if (recoveryMillis > 0 && nowMillis >= recoveryMillis && waitingAtRecovery < 0) {
      waitingAtRecovery = oldWaiting;
      if (oldWaiting == 0) {
        drainedAtMillis = recoveryMillis;
      }
    }
  }

  private void settled(long record) {
    if (SpooledRecords.createdSecond(record) * 1000 < recoveryMillis
        && --oldWaiting == 0
        && waitingAtRecovery >= 0
        && drainedAtMillis < 0) {
      drainedAtMillis = Math.max(now, recoveryMillis);
    }
  }

  boolean drained() {
    return drainedAtMillis >= 0;
  }

  long drainedAtMillis() {
    return drainedAtMillis;
  }

  long waitingAtRecovery() {
    return Math.max(0, waitingAtRecovery);
  }

  long created() {
    return created;
  }

  long delivered() {
    return delivered;
  }

  long dropped(DropReason reason) {
    return dropped.getOrDefault(reason, 0L);
  }
}

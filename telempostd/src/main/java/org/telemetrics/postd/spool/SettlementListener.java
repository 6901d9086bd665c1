package org.telemetrics.postd.spool;

import org.telemetrics.spool.SpoolEntry;

/**
 * Told once for each record the spool settles, after its journal line. Called on the threads that
 * settle records (the loop, the senders): it must return quickly and never throw.
 */
@FunctionalInterface
public interface SettlementListener {
  SettlementListener NONE = (entry, settlement, settledAtMillis) -> {};

  void settled(SpoolEntry entry, Settlement settlement, long settledAtMillis);
}

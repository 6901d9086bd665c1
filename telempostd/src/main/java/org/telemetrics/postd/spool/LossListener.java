package org.telemetrics.postd.spool;

import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.disk.DropReason;

/** Told of every acknowledged record let go undelivered, for the loss report. */
public interface LossListener {
  /**
   * @param createdEpochSeconds the record's creation time (or the file's, if unreadable)
   * @param entry the record, or null when its file could not be read
   */
  void lost(DropReason reason, long createdEpochSeconds, SpoolEntry entry);

  LossListener NONE = (reason, created, entry) -> {};
}

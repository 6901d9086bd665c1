package org.telemetrics.spool.disk;

import java.util.Optional;

/**
 * Why telempostd let go of an acknowledged record without delivering it. The label is what the
 * journal says ({@code dropped:<label>}) and what the loss report counts.
 */
public enum DropReason {
  EXPIRED("expired"),
  SPOOL_FULL("spool-full"),
  DISK_FULL("disk-full"),
  RATE_LIMIT("rate-limit"),
  /** A queued file went bad and was moved to quarantine/ with its records. */
  QUARANTINED("quarantined");

  private final String label;

  DropReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<DropReason> ofLabel(String label) {
    for (DropReason r : values()) {
      if (r.label.equals(label)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}

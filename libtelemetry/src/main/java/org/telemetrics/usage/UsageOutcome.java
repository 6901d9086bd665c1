package org.telemetrics.usage;

import java.util.Locale;

/** How a record left telempostd's hands, as the usage log and database name it. */
public enum UsageOutcome {
  DELIVERED,
  DEAD_LETTER,
  DROPPED,
  EXPIRED,
  LOCAL_ONLY;

  /** The name in the log and in the database: {@code delivered}, {@code dead_letter}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

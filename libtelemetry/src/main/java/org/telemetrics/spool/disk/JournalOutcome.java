package org.telemetrics.spool.disk;

/** How a record's stay with telempostd ended, as the journal's outcome column says it. */
public enum JournalOutcome {
  /** The backend answered 2xx. */
  DELIVERED("delivered"),
  /** Server delivery is disabled: journaled (and retained) only. */
  LOCAL_ONLY("local-only"),
  /** {@code dropped:<reason>}: let go by policy ({@link DropReason}). */
  DROPPED("dropped"),
  /** {@code dead-letter:<status>}: refused by the backend, kept in dead-letter/. */
  DEAD_LETTER("dead-letter");

  private final String label;

  JournalOutcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static String dropped(DropReason reason) {
    return DROPPED.label + ":" + reason.label();
  }

  public static String deadLetter(String status) {
    return DEAD_LETTER.label + ":" + status;
  }
}

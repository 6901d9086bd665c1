package org.telemetrics.record;

/** A record value broke one of the record rules; {@link #rule()} names which one. */
public final class InvalidRecordException extends IllegalArgumentException {
  private final String rule;

  public InvalidRecordException(String rule, String message) {
    super(message);
    this.rule = rule;
  }

  /** Short stable name of the broken rule, e.g. {@code classification.segment-length}. */
  public String rule() {
    return rule;
  }
}

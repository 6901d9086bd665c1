package org.telemetrics.spool;

/** A spool or staged file that is not a record: truncated, corrupt, or of an unknown format. */
public final class SpoolFormatException extends Exception {
  public SpoolFormatException(String reason) {
    super(reason);
  }
}

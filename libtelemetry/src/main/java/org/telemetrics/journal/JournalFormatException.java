package org.telemetrics.journal;

/**
 * A line that is not a journal line; the message says precisely why. The reader that knows the file
 * names it.
 */
public final class JournalFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public JournalFormatException(String reason) {
    super(reason);
  }
}

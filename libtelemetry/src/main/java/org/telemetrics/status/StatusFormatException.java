package org.telemetrics.status;

/**
 * Text that is not a status file's; the message names the line. {@link StatusFile#read} adds the
 * file.
 */
public final class StatusFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public StatusFormatException(String reason) {
    super(reason);
  }
}

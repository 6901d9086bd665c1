package org.telemetrics.probes.cli;

/** A command line that cannot be understood; the message is what the user sees. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}

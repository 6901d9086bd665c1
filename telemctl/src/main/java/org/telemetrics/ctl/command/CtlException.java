package org.telemetrics.ctl.command;

/** A command failed in an expected way; the message is printed as is, the exit code returned. */
public final class CtlException extends Exception {
  private final int exitCode;

  public CtlException(String message) {
    this(message, ExitCodes.FAILURE);
  }

  public CtlException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}

package org.telemetrics.probes.crash.core;

import java.io.IOException;

/** The input is not a core dump this probe can read; the message says why. */
public final class CoreFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public CoreFormatException(String message) {
    super(message);
  }
}

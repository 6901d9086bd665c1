package org.telemetrics.probes.klog;

/** A record that is not in the {@code /dev/kmsg} format; the message says what is wrong. */
public final class KmsgFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public KmsgFormatException(String message) {
    super(message);
  }
}

package org.telemetrics.probes.klog;

/**
 * A record that is not in the {@code /dev/kmsg} format; the message says what is wrong. The reader
 * turns it into a bad record at once, so it carries no stack trace: filling one in cost about 4 KiB
 * for each bad line of a flood of them.
 */
public final class KmsgFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public KmsgFormatException(String message) {
    super(message, null, false, false);
  }
}

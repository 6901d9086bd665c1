package org.telemetrics.frame;

/** Bytes that are not a valid frame; the message says precisely why. */
public final class FrameException extends Exception {
  public FrameException(String reason) {
    super(reason);
  }
}

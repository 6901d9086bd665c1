package org.telemetrics.client;

import java.io.IOException;
import java.nio.file.Path;

/** Connecting to telemprobd, or writing the frame, did not finish before its deadline. */
final class SendTimeoutException extends IOException {
  private SendTimeoutException(String message) {
    super(message);
  }

  static SendTimeoutException connecting(Path socket) {
    return new SendTimeoutException("timed out connecting to " + socket);
  }

  static SendTimeoutException writing(Path socket) {
    return new SendTimeoutException("timed out writing the record to " + socket);
  }
}

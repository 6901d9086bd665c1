package org.telemetrics.exceptions;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An application that installs the handler and dies of an uncaught exception in {@code main}.
 * Arguments: {@code messages} includes messages; {@code chain} sets a default handler first, which
 * must still see the exception.
 */
public final class DiesOfUncaughtException {
  private DiesOfUncaughtException() {}

  public static void main(String[] args) {
    boolean messages = false;
    for (String a : args) {
      if (a.equals("chain")) {
        Thread.setDefaultUncaughtExceptionHandler(
            (t, e) -> System.out.println("previous handler saw " + e.getClass().getName()));
      }
      messages |= a.equals("messages");
    }
    TelemetryExceptionHandler.install(ExceptionReporting.defaults().withMessages(messages));
    loadSettings();
  }

  static void loadSettings() {
    throw new IllegalStateException(
        "cannot read /home/alice/secret.txt",
        new UncheckedIOException(new IOException("permission denied")));
  }
}

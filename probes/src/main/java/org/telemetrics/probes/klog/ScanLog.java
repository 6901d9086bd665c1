package org.telemetrics.probes.klog;

import java.io.PrintStream;

/**
 * klogscanner's messages, one line each with a journald priority prefix ({@code <3>} error,
 * {@code <4>} warning, {@code <6>} info), on standard error, which the service hands to journald.
 * Bad records are counted and only the first {@value #BAD_RECORDS_LOGGED} are logged one by one.
 */
final class ScanLog {
  static final int BAD_RECORDS_LOGGED = 20;

  private final PrintStream err;
  private long badRecords;

  ScanLog(PrintStream err) {
    this.err = err;
  }

  void error(String message) {
    line(3, message);
  }

  void warn(String message) {
    line(4, message);
  }

  void info(String message) {
    line(6, message);
  }

  void badRecord(String source, String reason) {
    badRecords++;
    if (badRecords <= BAD_RECORDS_LOGGED) {
      warn(source + ": skipped a record: " + reason);
    } else if (badRecords % 1000 == 0) {
      warn(source + ": " + badRecords + " records skipped so far as not in the kmsg format");
    }
  }

  private void line(int priority, String message) {
    err.println("<" + priority + ">klogscanner: " + message.replace('\n', ' '));
    err.flush();
  }
}

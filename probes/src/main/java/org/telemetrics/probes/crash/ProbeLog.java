package org.telemetrics.probes.crash;

import java.io.PrintStream;

/**
 * One line per event on standard error with a journald priority prefix ({@code <3>} error,
 * {@code <4>} warning, {@code <6>} info). The launcher points standard error at /dev/null when
 * the kernel starts the probe without one, so writing never fails the probe.
 */
final class ProbeLog {
  private final PrintStream err;

  ProbeLog(PrintStream err) {
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

  private void line(int priority, String message) {
    err.println("<" + priority + ">crashprobe: " + message.replace('\n', ' '));
    err.flush();
  }
}

package org.telemetrics.collector;

import java.io.PrintStream;

/** One line per event with the sd-daemon priority prefix journald understands. */
final class CollectorLog {
  private final PrintStream out;

  CollectorLog(PrintStream out) {
    this.out = out;
  }

  void error(String message) {
    out.println("<3>telemetrics-collector: " + message);
  }

  void warning(String message) {
    out.println("<4>telemetrics-collector: " + message);
  }

  void info(String message) {
    out.println("<6>telemetrics-collector: " + message);
  }
}

package org.telemetrics.probes.recordgen.stdin;

/** Why one input line cannot become a record; the message is shown with the line's number. */
final class BadLineException extends Exception {
  BadLineException(String reason) {
    super(reason, null, false, false);
  }
}

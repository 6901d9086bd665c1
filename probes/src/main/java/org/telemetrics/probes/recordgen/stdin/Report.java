package org.telemetrics.probes.recordgen.stdin;

import org.telemetrics.client.RecordStream;
import org.telemetrics.client.SendResult;

/** The fate of one input line: known at once (a bad line) or when its send ends. */
final class Report {
  /** A record id (null: taken without an answer), or the error that kept the record out. */
  record Outcome(String recordId, String error) {}

  private final long line;
  private final RecordStream.Pending send;
  private final String error;

  private Report(long line, RecordStream.Pending send, String error) {
    this.line = line;
    this.send = send;
    this.error = error;
  }

  static Report bad(long line, String reason) {
    return new Report(line, null, reason);
  }

  static Report sending(long line, RecordStream.Pending send) {
    return new Report(line, send, null);
  }

  long line() {
    return line;
  }

  /** Waits for the send, which ends by the client's own deadlines. */
  Outcome await() {
    if (send == null) {
      return new Outcome(null, error);
    }
    SendResult result = send.await();
    if (result instanceof SendResult.Accepted a) {
      return new Outcome(a.recordId(), null);
    }
    if (result instanceof SendResult.SentUnacknowledged) {
      return new Outcome(null, null);
    }
    if (result instanceof SendResult.Rejected r) {
      return new Outcome(null, "rejected by telemprobd: " + r.reason());
    }
    return new Outcome(null, "not sent: " + ((SendResult.Failed) result).message());
  }
}

package org.telemetrics.client;

/** What became of one {@link TelemetryClient#send}. */
public sealed interface SendResult {
  /** True when the record reached the daemon (acknowledged or not). */
  boolean delivered();

  /** telemprobd stored the record durably under this record id. */
  record Accepted(String recordId) implements SendResult {
    public boolean delivered() {
      return true;
    }
  }

  /**
   * The frame was written but the daemon gave no answer: the C telemprobd never answers, so this is
   * success, with no promise about what the daemon did with it.
   */
  record SentUnacknowledged() implements SendResult {
    public boolean delivered() {
      return true;
    }
  }

  /** telemprobd refused the record, and said why. */
  record Rejected(String reason) implements SendResult {
    public boolean delivered() {
      return false;
    }
  }

  /** The record was not sent. */
  record Failed(Failure failure, String message) implements SendResult {
    public boolean delivered() {
      return false;
    }
  }

  /** Why a record could not be sent. */
  enum Failure {
    NOT_OPTED_IN,
    CONNECT,
    TIMEOUT,
    IO
  }
}

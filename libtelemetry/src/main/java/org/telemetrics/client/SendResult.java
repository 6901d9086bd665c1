package org.telemetrics.client;

/** What became of one {@link TelemetryClient#send}. */
public sealed interface SendResult {
  /**
   * True when the record reached the daemon and the daemon did not leave it in doubt: it was
   * acknowledged as stored, or the daemon closed the connection without the acknowledgement
   * protocol (the C telemprobd), or the client was configured not to wait for an answer.
   */
  boolean delivered();

  /** telemprobd stored the record durably under this record id. */
  record Accepted(String recordId) implements SendResult {
    public boolean delivered() {
      return true;
    }
  }

  /**
   * The frame was written and the daemon closed the connection without answering, as the C
   * telemprobd does once it has read a frame (or {@code probe_ack_timeout_ms} is 0 and no answer
   * was awaited): success, with no promise about what the daemon did with it.
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

  /** The record was not sent, or its fate is unknown ({@link Failure#ACK_TIMEOUT}). */
  record Failed(Failure failure, String message) implements SendResult {
    public boolean delivered() {
      return false;
    }

    /** True for the failures that are a deadline passing; probes give them their own status. */
    public boolean timedOut() {
      return failure == Failure.TIMEOUT || failure == Failure.ACK_TIMEOUT;
    }
  }

  /** Why a record could not be sent. */
  enum Failure {
    NOT_OPTED_IN,
    /** The socket could not be reached or written. */
    CONNECT,
    /** Connecting or writing the frame did not finish in time: the record was not sent. */
    TIMEOUT,
    /**
     * The frame was written but neither an answer nor the end of the connection came within {@code
     * probe_ack_timeout_ms}: the daemon is stopped or every connection slot is held. The record may
     * still be stored later.
     */
    ACK_TIMEOUT,
    /** The daemon answered something that is not an acknowledgement. */
    BAD_REPLY,
    /** Anything else that went wrong in this process. */
    IO
  }
}

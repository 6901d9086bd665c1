package org.telemetrics.postd.delivery;

import java.time.Duration;
import java.util.Optional;

/** What one POST of a record came to. */
public sealed interface Outcome {
  /** 2xx: the backend has the record. */
  record Delivered(int status) implements Outcome {}

  /**
   * Worth retrying: 5xx, 408, 429, a timeout or a connection error. {@code serverDown} marks
   * failures of the server rather than of this record (no connection, 429, 503): they pause all
   * sending, not just this record. {@code attempt} is how the attempt ended for the metrics and
   * {@code status} the HTTP status, 0 when there was no answer.
   */
  record Transient(
      String reason,
      boolean serverDown,
      Optional<Duration> retryAfter,
      AttemptOutcome attempt,
      int status)
      implements Outcome {
    /** A failure without an answer or a request: nothing reached the backend. */
    public Transient(String reason, boolean serverDown, Optional<Duration> retryAfter) {
      this(reason, serverDown, retryAfter, AttemptOutcome.NOT_SENT, 0);
    }
  }

  /** Any other 4xx: the backend will never take this record as it is. */
  record Permanent(int status, String reason) implements Outcome {}

  /**
   * A 2xx whose OTLP partial success rejected some of the records of the request without saying
   * which: none is settled; each is sent again in a request of its own to learn its fate.
   */
  record SomeRejected(int status, String reason) implements Outcome {}

  /** Classifies an HTTP status (not for 2xx). */
  static Outcome ofStatus(int status, String body, Optional<Duration> retryAfter) {
    String reason = "HTTP " + status + (body.isEmpty() ? "" : " " + body);
    AttemptOutcome attempt = AttemptOutcome.ofStatus(status);
    if (status == 429 || status == 503) {
      return new Transient(reason, true, retryAfter, attempt, status);
    }
    if (status >= 500 || status == 408 || status < 200) {
      return new Transient(reason, false, Optional.empty(), attempt, status);
    }
    return new Permanent(status, reason);
  }
}

package org.telemetrics.postd.delivery;

import java.util.Optional;

/**
 * How one HTTP attempt ended, as the {@code attempts_<label>} counters of the status file count it.
 * 429 is not in 4xx: it says the server is busy, not that the record is wrong. Any other answer
 * that is neither 2xx nor 5xx (a 4xx, or a 1xx or 3xx a collector should never send) counts as 4xx:
 * the server answered and did not take the record.
 */
public enum AttemptOutcome {
  STATUS_2XX("2xx"),
  STATUS_4XX("4xx"),
  STATUS_5XX("5xx"),
  STATUS_429("429"),
  TIMEOUT("timeout"),
  CONNECTION_ERROR("connection_error"),
  /** No request left telempostd (it could not be built, or our own code failed): not counted. */
  NOT_SENT("not_sent");

  private final String label;

  AttemptOutcome(String label) {
    this.label = label;
  }

  /** The part of the counter's name after {@code attempts_}. */
  public String label() {
    return label;
  }

  /** Whether the backend answered (with any status): it is reachable. */
  public boolean answered() {
    return this != TIMEOUT && this != CONNECTION_ERROR && this != NOT_SENT;
  }

  public static AttemptOutcome ofStatus(int status) {
    if (status >= 200 && status < 300) {
      return STATUS_2XX;
    }
    if (status == 429) {
      return STATUS_429;
    }
    return status >= 500 ? STATUS_5XX : STATUS_4XX;
  }

  public static AttemptOutcome of(Outcome outcome) {
    if (outcome instanceof Outcome.Delivered d) {
      return ofStatus(d.status());
    }
    if (outcome instanceof Outcome.Permanent p) {
      return ofStatus(p.status());
    }
    if (outcome instanceof Outcome.SomeRejected s) {
      return ofStatus(s.status());
    }
    return ((Outcome.Transient) outcome).attempt();
  }

  /**
   * The HTTP status of the last attempt, the one that sent the record to the dead letters: a
   * refusal's status, or the status of the last retry before giving up; empty when that attempt had
   * no answer (a timeout, no connection).
   */
  public static Optional<Integer> statusOf(Outcome outcome) {
    if (outcome instanceof Outcome.Permanent p) {
      return Optional.of(p.status());
    }
    if (outcome instanceof Outcome.Transient t && t.status() > 0) {
      return Optional.of(t.status());
    }
    return Optional.empty();
  }
}

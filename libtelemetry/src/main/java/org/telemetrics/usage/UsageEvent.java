package org.telemetrics.usage;

import java.util.Objects;

/**
 * What the usage log and database keep of one settled record: times, size, how it ended, and its
 * classification label. Nothing that identifies the machine, the record or where it went.
 *
 * @param started epoch seconds of telemprobd's acknowledgement
 * @param settled epoch seconds of the settlement (the database's {@code settled})
 * @param totalTime seconds from acknowledgement to settlement
 * @param waitingTime seconds waiting for retries or an outage; null if not held back
 * @param totalBytes the record's size as sent (headers and payload)
 * @param reason a short fixed reason ({@code http_400}, {@code spool_full}), or null
 * @param classification a {@code metrics_classifications} glob or {@code other}
 */
public record UsageEvent(
    long started,
    long settled,
    double totalTime,
    Double waitingTime,
    long totalBytes,
    UsageOutcome outcome,
    String reason,
    int attempts,
    String classification,
    int severity) {
  public UsageEvent {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(classification, "classification");
    if (totalBytes < 0 || attempts < 0 || totalTime < 0) {
      throw new IllegalArgumentException("negative size, attempts or time");
    }
  }

  /** This event with {@code blur} applied to its times and size. */
  public UsageEvent blurred(UsageBlur blur) {
    return new UsageEvent(
        blur.time(started),
        blur.time(settled),
        blur.duration(totalTime),
        waitingTime == null ? null : blur.duration(waitingTime),
        blur.bytes(totalBytes),
        outcome,
        reason,
        attempts,
        classification,
        severity);
  }
}

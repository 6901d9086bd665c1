package org.telemetrics.journal;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of the journal: the C client's five fields, plus the outcome our telempostd appends
 * ({@code delivered}, {@code dropped:<reason>}, {@code dead-letter:<status>}, {@code local-only}).
 * C-format lines have no outcome.
 *
 * @param timestamp epoch seconds when the record was handled (not its creation time)
 */
public record JournalEntry(
    String recordId,
    long timestamp,
    String classification,
    String eventId,
    String bootId,
    Optional<String> outcome) {

  public JournalEntry {
    Objects.requireNonNull(recordId);
    Objects.requireNonNull(classification);
    Objects.requireNonNull(eventId);
    Objects.requireNonNull(bootId);
    Objects.requireNonNull(outcome);
  }
}

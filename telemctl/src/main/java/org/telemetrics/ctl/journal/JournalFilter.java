package org.telemetrics.ctl.journal;

import org.telemetrics.journal.JournalEntry;

/**
 * telem_journal's filters: exact matches combined with AND; a classification ending in {@code /*}
 * matches every classification that starts with what is before the {@code *}. A null field does not
 * filter.
 */
public record JournalFilter(String recordId, String eventId, String classification, String bootId) {

  public static final JournalFilter NONE = new JournalFilter(null, null, null, null);

  public boolean matches(JournalEntry e) {
    return (recordId == null || recordId.equals(e.recordId()))
        && (eventId == null || eventId.equals(e.eventId()))
        && (bootId == null || bootId.equals(e.bootId()))
        && classificationMatches(e.classification());
  }

  private boolean classificationMatches(String value) {
    if (classification == null) {
      return true;
    }
    if (classification.endsWith("/*")) {
      return value.startsWith(classification.substring(0, classification.length() - 1));
    }
    return classification.equals(value);
  }
}

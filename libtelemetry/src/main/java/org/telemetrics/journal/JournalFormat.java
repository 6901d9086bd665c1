package org.telemetrics.journal;

import java.util.Optional;
import org.telemetrics.record.Ids;
import org.telemetrics.record.InvalidRecordException;
import org.telemetrics.record.RecordRules;

/**
 * Journal lines: fields separated by ASCII RS (0x1E), ended by a newline: {@code record_id RS
 * timestamp RS classification RS event_id RS boot_id [RS outcome]}. The first five fields are the C
 * client's, so its readers still work on our journal.
 */
public final class JournalFormat {
  public static final char SEPARATOR = '\036';

  /** Lines longer than this are not journal lines. */
  public static final int MAX_LINE = 1024;

  private JournalFormat() {}

  public static String format(JournalEntry e) {
    StringBuilder sb =
        new StringBuilder(160)
            .append(e.recordId())
            .append(SEPARATOR)
            .append(e.timestamp())
            .append(SEPARATOR)
            .append(e.classification())
            .append(SEPARATOR)
            .append(e.eventId())
            .append(SEPARATOR)
            .append(e.bootId());
    e.outcome().ifPresent(o -> sb.append(SEPARATOR).append(clean(o)));
    return sb.append('\n').toString();
  }

  /** Parses one line (without its newline); the exception says what is wrong with it. */
  public static JournalEntry parse(String line) throws JournalFormatException {
    if (line.length() > MAX_LINE) {
      throw new JournalFormatException("journal line is longer than " + MAX_LINE);
    }
    String[] f = line.split(String.valueOf(SEPARATOR), -1);
    if (f.length != 5 && f.length != 6) {
      throw new JournalFormatException("journal line has " + f.length + " fields; expected 5 or 6");
    }
    if (!Ids.isId(f[0])) {
      throw new JournalFormatException("journal record id is not 32 lowercase hex");
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(f[1]);
    } catch (NumberFormatException e) {
      throw new JournalFormatException("journal timestamp is not a number: " + f[1]);
    }
    try {
      RecordRules.checkClassification(f[2]);
      RecordRules.checkEventId(f[3]);
    } catch (InvalidRecordException e) {
      throw new JournalFormatException(e.getMessage());
    }
    checkPrintable("boot id", f[4]);
    if (f.length == 6) {
      checkPrintable("outcome", f[5]);
    }
    return new JournalEntry(
        f[0], timestamp, f[2], f[3], f[4], f.length == 6 ? Optional.of(f[5]) : Optional.empty());
  }

  /** No control characters: a reader prints these fields to a terminal. */
  private static void checkPrintable(String field, String value) throws JournalFormatException {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new JournalFormatException("journal " + field + " contains a control character");
      }
    }
  }

  private static String clean(String outcome) {
    StringBuilder sb = new StringBuilder(outcome.length());
    for (int i = 0; i < outcome.length() && i < 200; i++) {
      char c = outcome.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return sb.toString();
  }
}

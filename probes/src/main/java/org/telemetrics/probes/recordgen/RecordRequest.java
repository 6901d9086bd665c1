package org.telemetrics.probes.recordgen;

import java.nio.file.Path;
import java.util.Optional;
import org.telemetrics.probes.cli.GetOpt;
import org.telemetrics.probes.cli.UsageException;
import org.telemetrics.record.InvalidRecordException;
import org.telemetrics.record.RecordRules;

/**
 * What the user asked telem-record-gen for, checked with the C tool's messages. The one rule that
 * differs: every classification segment may have 40 characters (C lets the first have 41, which the
 * backend then refuses).
 */
record RecordRequest(
    String classification,
    int severity,
    long payloadVersion,
    Optional<String> payloadText,
    Optional<Path> payloadFile,
    Optional<String> eventId,
    boolean echo,
    boolean post,
    Optional<Path> configFile) {

  static RecordRequest from(GetOpt.Parsed parsed) throws UsageException {
    String classification = null;
    int severity = 1;
    long payloadVersion = 1;
    Optional<String> payloadText = Optional.empty();
    Optional<Path> payloadFile = Optional.empty();
    Optional<String> eventId = Optional.empty();
    boolean echo = false;
    boolean post = true;
    Optional<Path> configFile = Optional.empty();
    for (GetOpt.Option o : parsed.options()) {
      String value = o.value().orElse("");
      switch (o.letter()) {
        case 'c' -> classification = value;
        case 's' -> severity = severity(value);
        case 'R' -> payloadVersion = payloadVersion(value);
        case 'p' -> payloadText = Optional.of(value);
        case 'P' -> payloadFile = Optional.of(Path.of(value));
        case 'e' -> eventId = Optional.of(eventId(value));
        case 'o' -> echo = true;
        case 'n' -> post = false;
        case 'f' -> configFile = Optional.of(Path.of(value));
        default -> throw new IllegalStateException("unhandled option " + o.letter());
      }
    }
    checkClassification(classification);
    return new RecordRequest(
        classification,
        severity,
        payloadVersion,
        payloadText,
        payloadFile,
        eventId,
        echo,
        post,
        configFile);
  }

  private static int severity(String value) throws UsageException {
    if (!digits(value, 2) || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 4) {
      throw new UsageException("Error: Valid range for severity (-s, --severity) is 1-4");
    }
    return Integer.parseInt(value);
  }

  private static long payloadVersion(String value) throws UsageException {
    if (!digits(value, 10) || Long.parseLong(value) > RecordRules.MAX_PAYLOAD_FORMAT_VERSION) {
      throw new UsageException(
          "Error: Valid range for record version (-R, --record-version)"
              + " is 0-"
              + RecordRules.MAX_PAYLOAD_FORMAT_VERSION);
    }
    return Long.parseLong(value);
  }

  /**
   * 1 to {@code max} ASCII digits. By hand: a regular expression would load and compile the regex
   * engine in a program that otherwise never needs it.
   */
  private static boolean digits(String value, int max) {
    if (value.isEmpty() || value.length() > max) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String eventId(String value) throws UsageException {
    if (value.length() != RecordRules.EVENT_ID_LENGTH) {
      throw new UsageException(
          "Error: event_id (-e, --event-id) length "
              + value.length()
              + " it should have "
              + RecordRules.EVENT_ID_LENGTH
              + " characters");
    }
    try {
      return RecordRules.checkEventId(value);
    } catch (InvalidRecordException e) {
      int i = firstNonHex(value);
      throw new UsageException(
          "Error: event_id (-e, --event-id) contains invalid character '"
              + value.charAt(i)
              + "' at position "
              + i
              + ", valid characters are 0123456789abcdef");
    }
  }

  private static int firstNonHex(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return i;
      }
    }
    return 0;
  }

  private static void checkClassification(String c) throws UsageException {
    if (c == null) {
      throw new UsageException("Error: Classification required (-c, --class).");
    }
    if (c.isEmpty() || c.length() > RecordRules.MAX_CLASSIFICATION_LENGTH) {
      throw new UsageException(
          "Error: Valid size for classification (-c, --class) is 1-"
              + RecordRules.MAX_CLASSIFICATION_LENGTH
              + " chars");
    }
    int slashes = 0;
    boolean ascii = true;
    for (int i = 0; i < c.length(); i++) {
      ascii &= c.charAt(i) < 0x80;
      slashes += c.charAt(i) == '/' ? 1 : 0;
    }
    if (!ascii) {
      throw new UsageException(
          "Error: Non-ascii characters detected in classification (-c, --class) - aborting");
    }
    for (String segment : c.split("/", -1)) {
      if (segment.length() > RecordRules.MAX_SEGMENT_LENGTH) {
        throw new UsageException(
            "Error: Classification (-c, --class) strings between"
                + " slashes should have at most "
                + RecordRules.MAX_SEGMENT_LENGTH
                + " chars");
      }
    }
    if (slashes != 2) {
      throw new UsageException(
          "Error: Classification (-c, --class) needs to be in"
              + " most/to/least specific format, 2 '/' required.");
    }
    try {
      RecordRules.checkClassification(c);
    } catch (InvalidRecordException e) {
      // control characters
      throw new UsageException("Error: classification (-c, --class): " + e.getMessage());
    }
  }
}

package org.telemetrics.record;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The validation rules of a record, shared by the probe library and telemprobd.
 *
 * <p>Deviations from the C library, on purpose: every classification segment is limited to 40
 * characters (C lets the first have 41), classifications must be printable ASCII, and payloads may
 * be any valid UTF-8 text (C accepts ASCII only) but no control characters other than tab, CR and
 * LF.
 */
public final class RecordRules {
  public static final int MAX_CLASSIFICATION_LENGTH = 122;
  public static final int MAX_SEGMENT_LENGTH = 40;
  public static final int MAX_PAYLOAD_BYTES = 8192;
  public static final int MIN_SEVERITY = 1;
  public static final int MAX_SEVERITY = 4;
  public static final int EVENT_ID_LENGTH = 32;

  /**
   * The C library takes any unsigned 32-bit version, but the backend keeps it in a signed 32-bit
   * column and refuses 2147483647 and above, so a record with such a version would be lost.
   */
  public static final long MAX_PAYLOAD_FORMAT_VERSION = 2_147_483_646L;

  /** Longest header value we accept (host type is three DMI fields of at most 78 characters). */
  public static final int MAX_HEADER_VALUE_LENGTH = 256;

  private RecordRules() {}

  /** Severity outside 1..4 is clamped, as in C. */
  public static int clampSeverity(long severity) {
    return (int) Math.max(MIN_SEVERITY, Math.min(MAX_SEVERITY, severity));
  }

  public static String checkClassification(String classification) {
    if (classification == null || classification.isEmpty()) {
      throw new InvalidRecordException("classification.empty", "classification must not be empty");
    }
    if (classification.length() > MAX_CLASSIFICATION_LENGTH) {
      throw new InvalidRecordException(
          "classification.length",
          "classification is "
              + classification.length()
              + " characters; at most "
              + MAX_CLASSIFICATION_LENGTH
              + " allowed");
    }
    for (int i = 0; i < classification.length(); i++) {
      char c = classification.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new InvalidRecordException(
            "classification.charset",
            "classification must be printable ASCII; found 0x"
                + Integer.toHexString(c)
                + " at position "
                + i);
      }
    }
    String[] segments = classification.split("/", -1);
    if (segments.length != 3) {
      throw new InvalidRecordException(
          "classification.format",
          "classification needs exactly two '/' (most/to/least specific); got \""
              + classification
              + "\"");
    }
    for (String segment : segments) {
      if (segment.length() > MAX_SEGMENT_LENGTH) {
        throw new InvalidRecordException(
            "classification.segment-length",
            "classification segment \""
                + segment
                + "\" is "
                + segment.length()
                + " characters; at most "
                + MAX_SEGMENT_LENGTH
                + " allowed");
      }
    }
    return classification;
  }

  public static String checkEventId(String eventId) {
    if (eventId == null || eventId.length() != EVENT_ID_LENGTH) {
      throw new InvalidRecordException(
          "event-id.length",
          "event id must be "
              + EVENT_ID_LENGTH
              + " characters; got "
              + (eventId == null ? "none" : eventId.length()));
    }
    for (int i = 0; i < eventId.length(); i++) {
      char c = eventId.charAt(i);
      if (!isLowerHex(c)) {
        throw new InvalidRecordException(
            "event-id.charset",
            "event id contains invalid character '"
                + c
                + "' at position "
                + i
                + "; valid characters are 0123456789abcdef");
      }
    }
    return eventId;
  }

  /** Checks a payload given as bytes: size, UTF-8 validity, no forbidden control characters. */
  public static String checkPayload(byte[] payload) {
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new InvalidRecordException(
          "payload.size",
          "payload is " + payload.length + " bytes; at most " + MAX_PAYLOAD_BYTES + " allowed");
    }
    String text;
    try {
      text = StrictUtf8.decode(payload);
    } catch (CharacterCodingException e) {
      throw new InvalidRecordException("payload.utf8", "payload is not valid UTF-8 text");
    }
    checkPayloadCharacters(text);
    return text;
  }

  /**
   * The length of the longest start of {@code utf8} that has at most {@code maxBytes} bytes and
   * does not cut a UTF-8 sequence in two: where a payload over the limit may be cut.
   */
  public static int utf8PrefixLength(byte[] utf8, int maxBytes) {
    if (utf8.length <= maxBytes) {
      return utf8.length;
    }
    int keep = maxBytes;
    while (keep > 0 && (utf8[keep] & 0xc0) == 0x80) {
      keep--; // a continuation byte: the sequence started earlier
    }
    return keep;
  }

  /** Checks a payload given as text. */
  public static String checkPayload(String payload) {
    if (payload == null) {
      throw new InvalidRecordException("payload.null", "payload must not be null");
    }
    return checkPayload(payload.getBytes(StandardCharsets.UTF_8));
  }

  private static void checkPayloadCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
      if (control && c != '\t' && c != '\n' && c != '\r') {
        throw new InvalidRecordException(
            "payload.control-character",
            "payload contains control character 0x"
                + Integer.toHexString(c)
                + " at character "
                + i
                + "; only tab, CR and LF are allowed");
      }
      if (Character.isSurrogate(c) && !isPairedSurrogate(text, i)) {
        throw new InvalidRecordException("payload.utf8", "payload is not valid UTF-8 text");
      }
    }
  }

  private static boolean isPairedSurrogate(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }

  /** A header value must fit on one line of the frame: no LF, no NUL, bounded length. */
  public static String checkHeaderValue(Header header, String value) {
    if (value == null) {
      throw new InvalidRecordException("header.missing", header.wireName() + " has no value");
    }
    if (value.length() > MAX_HEADER_VALUE_LENGTH) {
      throw new InvalidRecordException(
          "header.length",
          header.wireName()
              + " is "
              + value.length()
              + " characters; at most "
              + MAX_HEADER_VALUE_LENGTH
              + " allowed");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r' || c == '\0') {
        throw new InvalidRecordException(
            "header.line-break", header.wireName() + " must not contain CR, LF or NUL");
      }
    }
    return value;
  }

  /**
   * Full semantic validation of a received record, as telemprobd applies it: every rule a record
   * made by a well-behaved probe (ours or the C library) satisfies.
   */
  public static void validate(TelemetryRecord record) {
    if (!record.recordFormatVersion().equals("4")) {
      throw new InvalidRecordException(
          "record-format-version",
          "record_format_version must be 4; got \"" + record.recordFormatVersion() + "\"");
    }
    checkClassification(record.classification());
    String severity = record.severity();
    if (!(severity.length() == 1 && severity.charAt(0) >= '1' && severity.charAt(0) <= '4')) {
      throw new InvalidRecordException(
          "severity.range", "severity must be 1..4; got \"" + severity + "\"");
    }
    if (!isDigits(record.creationTimestamp()) || record.creationTimestamp().length() > 19) {
      throw new InvalidRecordException(
          "creation-timestamp.digits",
          "creation_timestamp must be decimal seconds; got \"" + record.creationTimestamp() + "\"");
    }
    if (!isDigits(record.payloadFormatVersion()) || record.payloadFormatVersion().length() > 10) {
      throw new InvalidRecordException(
          "payload-format-version.digits",
          "payload_format_version must be a decimal number; got \""
              + record.payloadFormatVersion()
              + "\"");
    }
    if (Long.parseLong(record.payloadFormatVersion()) > MAX_PAYLOAD_FORMAT_VERSION) {
      throw new InvalidRecordException(
          "payload-format-version.range",
          "payload_format_version must be at most "
              + MAX_PAYLOAD_FORMAT_VERSION
              + " (the backend's limit); got "
              + record.payloadFormatVersion());
    }
    checkEventId(record.eventId());
    checkPayload(record.payload());
  }

  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}

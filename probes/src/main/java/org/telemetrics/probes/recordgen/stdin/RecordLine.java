package org.telemetrics.probes.recordgen.stdin;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.telemetrics.record.InvalidRecordException;
import org.telemetrics.record.RecordRules;

/**
 * The record one input line asks for, checked by the rules of telem-record-gen's options. The keys
 * are the options' long names: {@code class} (required), {@code payload} (required), {@code
 * severity} (1-4, default 1), {@code record-version} (default 1) and {@code event-id} (default: a
 * random one). A payload over the record limit is cut, as {@code -p} cuts it.
 */
record RecordLine(
    String classification,
    int severity,
    long payloadVersion,
    byte[] payload,
    boolean payloadCut,
    Optional<String> eventId) {

  static final String CLASS = "class";
  static final String SEVERITY = "severity";
  static final String PAYLOAD = "payload";
  static final String RECORD_VERSION = "record-version";
  static final String EVENT_ID = "event-id";

  /** Parses one line's UTF-8 bytes. */
  static RecordLine parse(byte[] utf8) throws BadLineException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException e) {
      throw new BadLineException("not UTF-8 text");
    }
    return from(JsonLine.parse(text));
  }

  static RecordLine from(Map<String, Object> members) throws BadLineException {
    for (String key : members.keySet()) {
      if (!key.equals(CLASS)
          && !key.equals(SEVERITY)
          && !key.equals(PAYLOAD)
          && !key.equals(RECORD_VERSION)
          && !key.equals(EVENT_ID)) {
        throw new BadLineException(
            "unknown key \""
                + key
                + "\" (the keys are class, severity,"
                + " payload, record-version and event-id)");
      }
    }
    String classification = string(members, CLASS, null);
    try {
      RecordRules.checkClassification(classification);
    } catch (InvalidRecordException e) {
      throw new BadLineException("\"class\": " + e.getMessage());
    }
    long severity = number(members, SEVERITY, 1);
    if (severity < RecordRules.MIN_SEVERITY || severity > RecordRules.MAX_SEVERITY) {
      throw new BadLineException("\"severity\" must be 1-4; got " + severity);
    }
    long version = number(members, RECORD_VERSION, 1);
    if (version < 0 || version > RecordRules.MAX_PAYLOAD_FORMAT_VERSION) {
      throw new BadLineException(
          "\"record-version\" must be 0-"
              + RecordRules.MAX_PAYLOAD_FORMAT_VERSION
              + "; got "
              + version);
    }
    Optional<String> eventId = Optional.empty();
    if (members.containsKey(EVENT_ID)) {
      try {
        eventId = Optional.of(RecordRules.checkEventId(string(members, EVENT_ID, null)));
      } catch (InvalidRecordException e) {
        throw new BadLineException("\"event-id\": " + e.getMessage());
      }
    }
    byte[] payload = string(members, PAYLOAD, null).getBytes(StandardCharsets.UTF_8);
    boolean cut = payload.length > RecordRules.MAX_PAYLOAD_BYTES;
    if (cut) {
      payload =
          Arrays.copyOf(
              payload, RecordRules.utf8PrefixLength(payload, RecordRules.MAX_PAYLOAD_BYTES));
    }
    return new RecordLine(classification, (int) severity, version, payload, cut, eventId);
  }

  private static String string(Map<String, Object> members, String key, String absent)
      throws BadLineException {
    Object v = members.get(key);
    if (v == null) {
      if (absent == null) {
        throw new BadLineException("\"" + key + "\" is missing");
      }
      return absent;
    }
    if (!(v instanceof String s)) {
      throw new BadLineException("\"" + key + "\" must be a string");
    }
    return s;
  }

  private static long number(Map<String, Object> members, String key, long absent)
      throws BadLineException {
    Object v = members.get(key);
    if (v == null) {
      return absent;
    }
    if (!(v instanceof Long n)) {
      throw new BadLineException("\"" + key + "\" must be a whole number, not a string");
    }
    return n;
  }
}

package org.telemetrics.probes.klog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one {@code /dev/kmsg} record (Documentation/ABI/testing/dev-kmsg): the prefix fields are
 * comma-separated up to the first {@code ;}, the first three decimal; fields after the flags are
 * allowed and ignored (the format reserves them). A continuation line is a space and {@code
 * KEY=value}.
 */
public final class KmsgRecordParser {
  /** Longest decimal field accepted: a 64-bit number has at most 19 digits. */
  private static final int MAX_DIGITS = 19;

  /** Continuation properties kept per record. */
  static final int MAX_PROPERTIES = 16;

  private KmsgRecordParser() {}

  public static KmsgRecord parse(String header, List<String> continuation)
      throws KmsgFormatException {
    int semi = header.indexOf(';');
    if (semi < 0) {
      throw new KmsgFormatException("no ';' between the prefix and the message");
    }
    String[] fields = header.substring(0, semi).split(",", -1);
    if (fields.length < 4) {
      throw new KmsgFormatException(
          "the prefix has "
              + fields.length
              + " fields; priority, sequence, timestamp and flags are needed");
    }
    long priority = number("priority", fields[0]);
    if (priority > 1023) {
      throw new KmsgFormatException("priority " + priority + " is out of range");
    }
    long sequence = number("sequence number", fields[1]);
    long timestamp = number("timestamp", fields[2]);
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : continuation) {
      int eq = line.indexOf('=');
      if (!line.startsWith(" ") || eq < 2) {
        throw new KmsgFormatException("continuation line is not ' KEY=value'");
      }
      if (properties.size() < MAX_PROPERTIES) {
        properties.put(line.substring(1, eq), line.substring(eq + 1));
      }
    }
    return new KmsgRecord(
        (int) priority, sequence, timestamp, fields[3], header.substring(semi + 1), properties);
  }

  private static long number(String name, String text) throws KmsgFormatException {
    if (text.isEmpty() || text.length() > MAX_DIGITS) {
      throw new KmsgFormatException(name + " '" + excerpt(text) + "' is not a decimal number");
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        throw new KmsgFormatException(name + " '" + excerpt(text) + "' is not a decimal number");
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) { // 19 digits, above 2^63 - 1
      throw new KmsgFormatException(name + " '" + excerpt(text) + "' is out of range");
    }
  }

  /** A bounded, printable piece of bad input for a message. */
  static String excerpt(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length() && sb.length() < 40; i++) {
      char c = text.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return text.length() > 40 ? sb + "..." : sb.toString();
  }
}

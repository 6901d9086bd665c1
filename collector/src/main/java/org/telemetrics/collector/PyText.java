package org.telemetrics.collector;

import java.math.BigInteger;

/**
 * The few Python string semantics the backend's checks rest on, for header values decoded as
 * Latin-1 (which is how WSGI hands them over).
 */
final class PyText {
  private static final String PRINTABLE =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
          + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\u000b\u000c";
  private static final String WHITESPACE =
      " \t\n\r\u000b\u000c\u001c\u001d\u001e\u001f\u0085\u00a0";

  private PyText() {}

  /**
   * {@code str.isdigit()}: non-empty and every character a digit. In Latin-1 that includes the
   * superscripts ¹ ² ³, which {@code int()} then refuses.
   */
  static boolean isDigit(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '\u00b9' && c != '\u00b2' && c != '\u00b3') {
        return false;
      }
    }
    return true;
  }

  /** {@code all(c in string.printable for c in s)}. */
  static boolean isPrintable(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (PRINTABLE.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * CPython's bound on the digits {@code int()} converts (3.11 on, and the security releases of
   * 3.7-3.10): its time grows with the square of their count.
   */
  static final int INT_MAX_STR_DIGITS = 4300;

  /** Python's ValueError from {@code int()}, with Python's message. */
  static final class ValueError extends Exception {
    ValueError(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * {@code int(s)} for a str: surrounding whitespace, an optional sign, ASCII digits with single
   * underscores between them, at most {@link #INT_MAX_STR_DIGITS} of them.
   */
  static BigInteger parseInt(String s) throws ValueError {
    int start = 0;
    int end = s.length();
    while (start < end && WHITESPACE.indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && WHITESPACE.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    String t = s.substring(start, end);
    boolean negative = false;
    if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
      negative = t.charAt(0) == '-';
      t = t.substring(1);
    }
    if (t.isEmpty() || t.startsWith("_") || t.endsWith("_") || t.contains("__")) {
      throw invalidLiteral(s);
    }
    StringBuilder digits = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c != '_') {
        throw invalidLiteral(s);
      }
    }
    if (digits.length() > INT_MAX_STR_DIGITS) {
      throw new ValueError(
          "Exceeds the limit ("
              + INT_MAX_STR_DIGITS
              + " digits) for integer string conversion: value has "
              + digits.length()
              + " digits; use sys.set_int_max_str_digits() to increase the limit");
    }
    BigInteger value = new BigInteger(digits.toString());
    return negative ? value.negate() : value;
  }

  private static ValueError invalidLiteral(String s) {
    return new ValueError("invalid literal for int() with base 10: " + repr(s));
  }

  /** Python's {@code repr()} of a str, as it appears in the backend's error messages. */
  static String repr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == quote || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0xad) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append(quote).toString();
  }
}

package org.telemetrics.probes.oops;

/**
 * The C library's character rules the oops format was written against: {@code isspace} in the C
 * locale and ASCII-only case folding ({@code strncasecmp}), so that a non-ASCII letter never
 * matches a pattern by Unicode case mapping.
 */
final class CText {
  private CText() {}

  /** {@code isspace} in the C locale. */
  static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  /** Whether {@code s} has {@code prefix} at {@code from}, ignoring ASCII case. */
  static boolean regionIgnoreCase(String s, int from, String prefix) {
    if (from < 0 || s.length() - from < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (lower(s.charAt(from + i)) != lower(prefix.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean startsWithIgnoreCase(String s, String prefix) {
    return regionIgnoreCase(s, 0, prefix);
  }

  /** First index at or after {@code from} where {@code needle} occurs ignoring ASCII case. */
  static int indexOfIgnoreCase(String s, String needle, int from) {
    for (int i = Math.max(0, from); i + needle.length() <= s.length(); i++) {
      if (regionIgnoreCase(s, i, needle)) {
        return i;
      }
    }
    return -1;
  }

  /** The char at {@code i}, or NUL past the end (where the C string ends). */
  static char at(String s, int i) {
    return i < s.length() ? s.charAt(i) : '\0';
  }
}

package org.telemetrics.collector;

import java.net.URI;

/** The character classes of HTTP/1.1 a request head is checked against (RFC 9110, RFC 3986). */
final class HttpSyntax {
  private HttpSyntax() {}

  /** A method or header name: RFC 9110's token characters, at least one. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9')
          || (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  /** A header value (stripped): tabs and visible Latin-1 characters, no other control ones. */
  static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\t' && (c < 0x20 || c == 0x7f)) {
        return false;
      }
    }
    return true;
  }

  /**
   * An absolute path of path characters only (RFC 3986's pchar without percent-encoding, and
   * slashes, but not two at the start, which begin an authority): the path as {@link URI} would
   * decode it, without parsing it.
   */
  static boolean isPlainPath(String target) {
    if (!target.startsWith("/") || target.startsWith("//")) {
      return false;
    }
    for (int i = 1; i < target.length(); i++) {
      char c = target.charAt(i);
      if (!((c >= '0' && c <= '9')
          || (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || "/-._~!$&'()*+,;=:@".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}

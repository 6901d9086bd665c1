package org.telemetrics.postd.delivery;

/**
 * Text from outside (a server's status line or body, an exception quoting them) made safe for one
 * log line: printable ASCII is kept, anything else (control characters, DEL, U+FFFD, other
 * non-ASCII) is written as an escape, and the text is cut at {@link #MAX_CHARS}.
 */
public final class LogText {
  static final int MAX_CHARS = 300;

  private LogText() {}

  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 8);
    for (int i = 0; i < s.length(); i++) {
      if (sb.length() >= MAX_CHARS) {
        return sb.append("...").toString();
      }
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        sb.append(c);
      } else if (c == '\\') {
        sb.append("\\\\");
      } else if (c < 0x100) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }
}

package org.telemetrics.ctl.report;

import java.util.Locale;

/** Escaping for text and attribute values of the report; everything from outside goes through. */
final class Html {
  private Html() {}

  /** {@code value} safe as element text and inside a double- or single-quoted attribute. */
  static String escape(String value) {
    StringBuilder b = new StringBuilder(value.length() + 16);
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                  if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f) {
                    b.append("&#xFFFD;"); // control characters have no place on the page
                  } else {
                    b.appendCodePoint(c);
                  }
                }
              }
            });
    return b.toString();
  }

  /** A count as the page shows it: digits grouped by commas. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}

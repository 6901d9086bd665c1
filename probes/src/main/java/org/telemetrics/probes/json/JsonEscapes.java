package org.telemetrics.probes.json;

import java.util.HexFormat;

/**
 * The one-letter escapes of a JSON string, which the probes' two small readers (journalctl's lines,
 * telem-record-gen's {@code --stdin} lines) decode alike. Each reader reports a bad escape in its
 * own words.
 */
public final class JsonEscapes {
  private JsonEscapes() {}

  /** The character {@code \\letter} stands for, or -1 when it is not a one-letter escape. */
  public static int oneLetter(char letter) {
    return switch (letter) {
      case '"', '\\', '/' -> letter;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      default -> -1;
    };
  }

  /**
   * The character of the four hex digits of {@code \\uXXXX} at {@code at} in {@code s}, or -1 when
   * they are cut short or not all ASCII hex digits ({@link HexFormat#isHexDigit}: neither a sign,
   * which {@code Integer.parseInt} takes, nor another script's digit, which {@code Character.digit}
   * takes).
   */
  public static int fourHexDigits(CharSequence s, int at) {
    if (at + 4 > s.length()) {
      return -1;
    }
    for (int k = at; k < at + 4; k++) {
      if (!HexFormat.isHexDigit(s.charAt(k))) {
        return -1;
      }
    }
    return HexFormat.fromHexDigits(s, at, at + 4);
  }

  /**
   * The low surrogate of the {@code \\uXXXX} escape at {@code at} in {@code s}, the escape that
   * must follow a high surrogate's for the two to be one character past U+FFFF; -1 when there is
   * none there.
   */
  public static int lowSurrogateEscape(CharSequence s, int at) {
    if (at + 2 > s.length() || s.charAt(at) != '\\' || s.charAt(at + 1) != 'u') {
      return -1;
    }
    int c = fourHexDigits(s, at + 2);
    return c >= 0 && Character.isLowSurrogate((char) c) ? c : -1;
  }
}

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
}

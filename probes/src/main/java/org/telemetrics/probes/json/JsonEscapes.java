package org.telemetrics.probes.json;

/**
 * The one-letter escapes of a JSON string, which the probes' two small readers (journalctl's lines,
 * telem-record-gen's {@code --stdin} lines) decode alike. {@code \\u} is left to each reader: they
 * report a bad one in their own words.
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
}

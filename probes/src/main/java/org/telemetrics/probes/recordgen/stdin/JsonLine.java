package org.telemetrics.probes.recordgen.stdin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.telemetrics.probes.json.JsonEscapes;

/**
 * One flat JSON object on a line: its values are strings ({@link String}) or whole numbers ({@link
 * Long}). Nested values, booleans, null, fractions and repeated keys are refused: none has a
 * meaning in a record, and refusing them catches a producer's mistake early.
 */
final class JsonLine {
  private final String s;
  private int i;

  private JsonLine(String s) {
    this.s = s;
  }

  /** The object's members in order; a {@link BadLineException} says what is wrong and where. */
  static Map<String, Object> parse(String line) throws BadLineException {
    return new JsonLine(line).object();
  }

  private Map<String, Object> object() throws BadLineException {
    Map<String, Object> members = new LinkedHashMap<>();
    skipSpace();
    expect('{', "a JSON object");
    skipSpace();
    if (peek() == '}') {
      i++;
      return end(members);
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw fail("expected a key in double quotes");
      }
      String key = string();
      skipSpace();
      expect(':', "':'");
      skipSpace();
      Object value = value(key);
      if (members.putIfAbsent(key, value) != null) {
        throw fail("key \"" + key + "\" given twice");
      }
      skipSpace();
      char c = next();
      if (c == '}') {
        return end(members);
      }
      if (c != ',') {
        i--;
        throw fail("expected ',' or '}'");
      }
    }
  }

  private Map<String, Object> end(Map<String, Object> members) throws BadLineException {
    skipSpace();
    if (i != s.length()) {
      throw fail("text after the object");
    }
    return members;
  }

  private Object value(String key) throws BadLineException {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number(key);
    }
    throw fail("the value of \"" + key + "\" must be a string or a whole number");
  }

  private Long number(String key) throws BadLineException {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    int digits = i;
    while (peek() >= '0' && peek() <= '9') {
      i++;
    }
    char after = peek();
    if (after == '.' || after == 'e' || after == 'E') {
      throw fail("the value of \"" + key + "\" must be a whole number");
    }
    if (i == digits || i - digits > 18 || (s.charAt(digits) == '0' && i - digits > 1)) {
      i = start;
      throw fail("the value of \"" + key + "\" is not a number JSON allows, or is too large");
    }
    return Long.parseLong(s, start, i, 10);
  }

  private String string() throws BadLineException {
    expect('"', "'\"'");
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        i--;
        throw fail("a control character inside a string (write it as an escape, like \\n)");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      int decoded = JsonEscapes.oneLetter(e);
      if (decoded >= 0) {
        sb.append((char) decoded);
      } else if (e == 'u') {
        unicodeCharacter(sb);
      } else {
        i--;
        throw fail("a bad escape \\" + e);
      }
    }
  }

  /**
   * The character of a {@code \\u} escape whose backslash and {@code u} are read, with the low
   * surrogate's escape that must follow a high one. An unpaired surrogate is no character: UTF-8
   * cannot carry it, and the record would get a '?' in its place.
   */
  private void unicodeCharacter(StringBuilder sb) throws BadLineException {
    int at = i - 2;
    char c = unicodeEscape();
    if (Character.isHighSurrogate(c) && JsonEscapes.lowSurrogateEscape(s, i) >= 0) {
      i += 2;
      sb.append(c).append(unicodeEscape());
    } else if (Character.isSurrogate(c)) {
      i = at;
      throw fail(
          String.format(
              "an unpaired surrogate \\u%04x (a character past U+FFFF is two escapes, a high"
                  + " surrogate then a low one, like \\ud83d\\ude00)",
              (int) c));
    } else {
      sb.append(c);
    }
  }

  private char unicodeEscape() throws BadLineException {
    if (i + 4 > s.length()) {
      throw fail("a cut \\u escape");
    }
    int c = JsonEscapes.fourHexDigits(s, i);
    if (c < 0) {
      throw fail("a bad \\u escape");
    }
    i += 4;
    return (char) c;
  }

  private void skipSpace() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return;
      }
      i++;
    }
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private char next() throws BadLineException {
    if (i >= s.length()) {
      throw fail("the line ends inside the object");
    }
    return s.charAt(i++);
  }

  private void expect(char c, String what) throws BadLineException {
    if (peek() != c || i >= s.length()) {
      throw fail("expected " + what);
    }
    i++;
  }

  private BadLineException fail(String what) {
    return new BadLineException("invalid JSON at character " + (i + 1) + ": " + what);
  }
}

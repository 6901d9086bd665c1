package org.telemetrics.probes.journal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.telemetrics.probes.json.JsonEscapes;

/**
 * One line of {@code journalctl -o json}: a flat JSON object whose values are strings, arrays of
 * byte values (a field that is not valid UTF-8 text), arrays of those (a field given more than
 * once), or null (a field too large for journalctl to print). Strings and byte arrays are kept,
 * bytes decoded as UTF-8 with malformed ones replaced; for a repeated field the first value.
 */
public final class JournalJson {
  private final String s;
  private int i;

  private JournalJson(String s) {
    this.s = s;
  }

  /** The fields of one entry; an {@link IllegalArgumentException} says what is wrong. */
  public static Map<String, String> parse(String line) {
    return new JournalJson(line).object();
  }

  private Map<String, String> object() {
    Map<String, String> out = new LinkedHashMap<>();
    skipSpace();
    expect('{');
    skipSpace();
    if (peek() == '}') {
      i++;
      return end(out);
    }
    while (true) {
      skipSpace();
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      String value = value();
      if (value != null) {
        out.putIfAbsent(key, value);
      }
      skipSpace();
      char c = next();
      if (c == '}') {
        return end(out);
      }
      if (c != ',') {
        throw fail("expected ',' or '}'");
      }
    }
  }

  private Map<String, String> end(Map<String, String> out) {
    skipSpace();
    if (i != s.length()) {
      throw fail("text after the object");
    }
    return out;
  }

  private String value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '[') {
      return array();
    }
    if (s.startsWith("null", i)) {
      i += 4;
      return null;
    }
    throw fail("expected a string, an array or null");
  }

  /** An array of byte values, or of values (the first kept). */
  private String array() {
    expect('[');
    skipSpace();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String first = null;
    boolean numbers = false;
    if (peek() == ']') {
      i++;
      return "";
    }
    while (true) {
      skipSpace();
      char c = peek();
      if (c >= '0' && c <= '9') {
        numbers = true;
        bytes.write(byteValue());
      } else {
        String v = value();
        if (first == null) {
          first = v;
        }
      }
      skipSpace();
      char d = next();
      if (d == ']') {
        return numbers ? bytes.toString(StandardCharsets.UTF_8) : first;
      }
      if (d != ',') {
        throw fail("expected ',' or ']'");
      }
    }
  }

  private int byteValue() {
    int v = 0;
    int start = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
      v = v * 10 + (s.charAt(i++) - '0');
    }
    if (v > 255 || (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
      throw fail("a byte value above 255");
    }
    return v;
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return sb.toString();
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
        throw fail("a bad escape \\" + e);
      }
    }
  }

  /**
   * The character of a {@code \\u} escape, with the low surrogate's escape that must follow a high
   * one. journalctl writes no surrogate unpaired (text that is not UTF-8 it writes as an array of
   * bytes); one is read as U+FFFD, as bytes that are not UTF-8 are, where UTF-8 would carry it as
   * '?'.
   */
  private void unicodeCharacter(StringBuilder sb) {
    char c = unicodeEscape();
    int low = Character.isHighSurrogate(c) ? JsonEscapes.lowSurrogateEscape(s, i) : -1;
    if (low >= 0) {
      i += 6;
      sb.append(c).append((char) low);
    } else {
      sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
    }
  }

  private char unicodeEscape() {
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
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r')) {
      i++;
    }
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private char next() {
    if (i >= s.length()) {
      throw fail("the line ends inside the object");
    }
    return s.charAt(i++);
  }

  private void expect(char c) {
    if (next() != c) {
      throw fail("expected '" + c + "'");
    }
  }

  private IllegalArgumentException fail(String what) {
    return new IllegalArgumentException("not a journal entry at character " + i + ": " + what);
  }
}

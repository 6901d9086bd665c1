package org.telemetrics.probes.journal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.telemetrics.fuzz.ParserContract;
import org.telemetrics.probes.json.JsonEscapes;
import org.telemetrics.probes.json.StrictJackson;

/**
 * Coverage-guided fuzzing of journalprobe's reader of {@code journalctl -o json} lines (whose
 * messages any program can log): fields, or an {@link IllegalArgumentException} saying what is not
 * a journal entry; an entry, or one saying which field it lacks. {@link JournalJson} is written by
 * hand, so a line that is strict JSON of a journal entry's shape (Jackson reads it, and its values
 * are strings, arrays of byte values written as digits, arrays of those, or null) must give the
 * fields Jackson's reading gives.
 */
class JournalJsonFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(1 << 20, 200, IllegalArgumentException.class)
          .withMessage(m -> m.startsWith("not a journal entry") || m.startsWith("no "));

  @FuzzTest
  void parse(byte[] input) {
    String line = new String(input, StandardCharsets.UTF_8);
    CONTRACT.check(input.length, () -> JournalEntry.of(JournalJson.parse(line)));
    asJackson(line).ifPresent(expected -> checkSameFields(line, expected));
  }

  private static void checkSameFields(String line, Map<String, String> expected) {
    Map<String, String> fields;
    try {
      fields = JournalJson.parse(line);
    } catch (IllegalArgumentException e) {
      throw new AssertionError("refused a line Jackson reads: " + e.getMessage(), e);
    }
    if (!fields.equals(expected)) {
      throw new AssertionError("read " + fields + " where Jackson reads " + expected);
    }
  }

  /** The fields of a line of a journal entry's shape, as Jackson reads it; empty for any other. */
  private static Optional<Map<String, String>> asJackson(String line) {
    if (line.indexOf('\n') >= 0) {
      return Optional.empty(); // journalctl writes one entry a line
    }
    if (!unicodeEscapesAreAsciiHex(line)) {
      return Optional.empty(); // Jackson reads a hex digit by its low byte (see below)
    }
    JsonNode tree;
    try {
      tree = StrictJackson.MAPPER.readTree(line);
      if (!plainNumbers(line)) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    if (tree == null || !tree.isObject()) {
      return Optional.empty();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Optional<Optional<String>> value = value(field.getValue());
      if (value.isEmpty()) {
        return Optional.empty();
      }
      value.get().ifPresent(v -> fields.put(wellFormed(field.getKey()), v));
    }
    return Optional.of(fields);
  }

  /**
   * Whether each backslash-u escape is followed by four ASCII hexadecimal digits, as JSON wants.
   * Jackson's string reader looks a digit up by its low byte, so it reads U+0463 (Cyrillic yat) as
   * the digit c; JournalJson rightly refuses such a line, and Jackson is no oracle for it.
   */
  private static boolean unicodeEscapesAreAsciiHex(String line) {
    for (int i = 0; i < line.length() - 1; i++) {
      if (line.charAt(i) != '\\') {
        continue;
      }
      i++; // the escaped character, whatever it is, is not a backslash that starts an escape
      if (line.charAt(i) == 'u' && JsonEscapes.fourHexDigits(line, i + 1) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Jackson's text with each unpaired surrogate (which it keeps) as U+FFFD, the character
   * journalprobe reads one as: a surrogate has no UTF-8, and the record would carry '?'.
   */
  private static String wellFormed(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        sb.append(c).append(text.charAt(++i));
      } else {
        sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return sb.toString();
  }

  /** Whether every number is written as journalctl writes a byte value: digits alone, no "-0". */
  private static boolean plainNumbers(String line) throws IOException {
    try (JsonParser p = StrictJackson.MAPPER.createParser(line)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t.isNumeric() && !p.getText().chars().allMatch(c -> c >= '0' && c <= '9')) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A value as journalprobe keeps it: empty when it is of no shape journalctl writes; an empty
   * value inside for null (the field is left out).
   */
  private static Optional<Optional<String>> value(JsonNode v) {
    if (v.isTextual()) {
      return Optional.of(Optional.of(wellFormed(v.textValue())));
    }
    if (v.isNull()) {
      return Optional.of(Optional.empty());
    }
    if (!v.isArray()) {
      return Optional.empty();
    }
    if (v.isEmpty()) {
      return Optional.of(Optional.of(""));
    }
    if (v.get(0).isNumber()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (JsonNode b : v) {
        if (!b.isInt() || b.intValue() < 0 || b.intValue() > 255) {
          return Optional.empty();
        }
        bytes.write(b.intValue());
      }
      return Optional.of(Optional.of(bytes.toString(StandardCharsets.UTF_8)));
    }
    Optional<String> first = Optional.empty();
    for (JsonNode e : v) {
      Optional<Optional<String>> element = value(e);
      if (element.isEmpty() || e.isNumber()) {
        return Optional.empty();
      }
      if (first.isEmpty()) {
        first = element.get();
      }
    }
    return Optional.of(first);
  }
}

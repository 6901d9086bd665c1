package org.telemetrics.faults;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as plain Java values (maps, lists, strings, numbers, booleans, null), read with
 * jackson-core's streaming parser: enough for Prometheus's HTTP API answers and a Grafana
 * dashboard, without a data-binding library.
 */
final class JsonTree {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonTree() {}

  static Object parse(String json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      Object value = read(p);
      if (p.nextToken() != null) {
        throw new IOException("text after the JSON value: " + p.currentLocation());
      }
      return value;
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    if (!(value instanceof Map)) {
      throw new AssertionError("not a JSON object: " + value);
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> array(Object value) {
    if (!(value instanceof List)) {
      throw new AssertionError("not a JSON array: " + value);
    }
    return (List<Object>) value;
  }

  /** Every string value of a field named {@code name}, anywhere in the document, in order. */
  static List<String> stringsNamed(Object value, String name) {
    List<String> found = new ArrayList<>();
    collect(value, name, found);
    return found;
  }

  private static void collect(Object value, String name, List<String> found) {
    if (value instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            if (k.equals(name) && v instanceof String s) {
              found.add(s);
            } else {
              collect(v, name, found);
            }
          });
    } else if (value instanceof List<?> l) {
      l.forEach(v -> collect(v, name, found));
    }
  }

  private static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new IOException("unexpected end of JSON");
    }
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() != JsonToken.END_OBJECT) {
          String key = p.currentName();
          p.nextToken();
          m.put(key, read(p));
        }
        yield m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(read(p));
        }
        yield l;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
      case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected " + t + " at " + p.currentLocation());
    };
  }
}

package org.telemetrics.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.telemetrics.protobuf.ProtoReader;

/**
 * Reads an OTLP {@code ExportLogsServiceRequest}, protobuf or in the OTLP JSON mapping, into {@link
 * OtlpLogRecord}s: only the fields telempostd fills are kept, unknown ones are skipped as OTLP
 * requires. A request that cannot be read throws {@link IllegalArgumentException} saying why (the
 * collector answers it with 400).
 */
final class OtlpLogsDecoder {
  private static final JsonFactory JSON = new JsonFactory();

  /** An int64 or fixed64 in decimal (2^64 - 1 has 20 digits). */
  private static final Pattern INT64 = Pattern.compile("-?[0-9]{1,20}");

  private OtlpLogsDecoder() {}

  static List<OtlpLogRecord> protobuf(byte[] body) {
    List<OtlpLogRecord> out = new ArrayList<>();
    ProtoReader request = new ProtoReader(body);
    while (request.next()) {
      if (request.field() == 1) { // resource_logs
        resourceLogs(request.message(), out);
      }
    }
    return out;
  }

  private static void resourceLogs(ProtoReader rl, List<OtlpLogRecord> out) {
    Map<String, String> resource = new HashMap<>();
    List<ProtoReader> scopes = new ArrayList<>();
    while (rl.next()) {
      if (rl.field() == 1) { // resource
        ProtoReader r = rl.message();
        while (r.next()) {
          if (r.field() == 1) {
            keyValue(r.message(), resource);
          }
        }
      } else if (rl.field() == 2) { // scope_logs (read once the resource is known)
        scopes.add(rl.message());
      }
    }
    for (ProtoReader sl : scopes) {
      String scope = "";
      List<ProtoReader> records = new ArrayList<>();
      while (sl.next()) {
        if (sl.field() == 1) {
          ProtoReader s = sl.message();
          while (s.next()) {
            if (s.field() == 1) {
              scope = s.string();
            }
          }
        } else if (sl.field() == 2) {
          records.add(sl.message());
        }
      }
      for (ProtoReader lr : records) {
        out.add(logRecord(lr, resource, scope));
      }
    }
  }

  private static OtlpLogRecord logRecord(
      ProtoReader lr, Map<String, String> resource, String scope) {
    long time = 0;
    long observed = 0;
    int severity = 0;
    String body = null;
    Map<String, String> attributes = new HashMap<>();
    while (lr.next()) {
      switch (lr.field()) {
        case 1 -> time = lr.number();
        case 11 -> observed = lr.number();
        case 2 -> severity = (int) lr.number();
        case 5 -> body = anyValue(lr.message());
        case 6 -> keyValue(lr.message(), attributes);
        default -> {}
      }
    }
    return new OtlpLogRecord(resource, scope, time, observed, severity, body, attributes);
  }

  private static void keyValue(ProtoReader kv, Map<String, String> into) {
    String key = "";
    String value = null;
    while (kv.next()) {
      if (kv.field() == 1) {
        key = kv.string();
      } else if (kv.field() == 2) {
        value = anyValue(kv.message());
      }
    }
    if (value != null) {
      into.put(key, value);
    }
  }

  /** A string value, or an int value as digits; null for any other kind. */
  private static String anyValue(ProtoReader v) {
    String value = null;
    while (v.next()) {
      if (v.field() == 1) {
        value = v.string();
      } else if (v.field() == 3 && !v.isLengthDelimited()) {
        value = Long.toString(v.number());
      }
    }
    return value;
  }

  // ---- JSON ---------------------------------------------------------------------------------

  static List<OtlpLogRecord> json(byte[] body) {
    Object tree;
    try (JsonParser p = JSON.createParser(body)) {
      tree = read(p, p.nextToken());
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("text after the JSON object");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    List<OtlpLogRecord> out = new ArrayList<>();
    for (Object rl : list(object(tree, "request"), "resourceLogs")) {
      Map<String, Object> resourceLogs = object(rl, "resourceLogs");
      Map<String, String> resource =
          attributes(object(resourceLogs.getOrDefault("resource", Map.of()), "resource"));
      for (Object sl : list(resourceLogs, "scopeLogs")) {
        Map<String, Object> scopeLogs = object(sl, "scopeLogs");
        Object scopeName = object(scopeLogs.getOrDefault("scope", Map.of()), "scope").get("name");
        String scope = scopeName instanceof String s ? s : "";
        for (Object lr : list(scopeLogs, "logRecords")) {
          Map<String, Object> log = object(lr, "logRecords");
          out.add(
              new OtlpLogRecord(
                  resource,
                  scope,
                  int64(log.get("timeUnixNano")),
                  int64(log.get("observedTimeUnixNano")),
                  severity(log.get("severityNumber")),
                  anyValue(log.get("body")),
                  attributes(log)));
        }
      }
    }
    return out;
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    if (t == null) {
      throw new IllegalArgumentException("empty body");
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          m.put(name, read(p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          l.add(read(p, e));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getBigIntegerValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDecimalValue();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return p.getBooleanValue();
      }
      default -> {
        return null;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o, String what) {
    if (o instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException(what + " is not a JSON object");
  }

  private static List<?> list(Map<String, Object> o, String key) {
    Object v = o.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      return l;
    }
    throw new IllegalArgumentException(key + " is not a JSON array");
  }

  private static Map<String, String> attributes(Map<String, Object> owner) {
    Map<String, String> m = new HashMap<>();
    for (Object kv : list(owner, "attributes")) {
      Map<String, Object> keyValue = object(kv, "attributes");
      String value = anyValue(keyValue.get("value"));
      if (keyValue.get("key") instanceof String key && value != null) {
        m.put(key, value);
      }
    }
    return m;
  }

  private static String anyValue(Object v) {
    if (!(v instanceof Map<?, ?> m)) {
      return null;
    }
    if (m.get("stringValue") instanceof String s) {
      return s;
    }
    Object i = m.get("intValue");
    return i == null ? null : Long.toString(int64(i));
  }

  /**
   * A 64-bit integer: a decimal string in the OTLP JSON mapping, a number also read; a fixed64 past
   * 2^63 wraps as protobuf's does. At most 20 ASCII digits are read: {@code BigInteger} takes any
   * script's digits, and its time grows with the square of their count (13 s for a million, which a
   * 1 MiB body holds).
   */
  static long int64(Object v) {
    if (v == null) {
      return 0;
    }
    String s = v.toString().strip();
    if (!INT64.matcher(s).matches()) {
      String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
      throw new IllegalArgumentException(
          "\"" + shown + "\" is not an integer (at most 20 digits, 0-9)");
    }
    return new java.math.BigInteger(s).longValue();
  }

  /** A number, or the enum's name ({@code SEVERITY_NUMBER_WARN2}); 0 when unknown. */
  static int severity(Object v) {
    if (v == null) {
      return 0;
    }
    if (!(v instanceof String name)) {
      return (int) int64(v);
    }
    String[] levels = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
    String rest = name.startsWith("SEVERITY_NUMBER_") ? name.substring(16) : name;
    for (int i = 0; i < levels.length; i++) {
      if (rest.startsWith(levels[i])) {
        String n = rest.substring(levels[i].length());
        if (n.isEmpty() || n.matches("[234]")) {
          return i * 4 + (n.isEmpty() ? 1 : Integer.parseInt(n));
        }
      }
    }
    return 0;
  }
}

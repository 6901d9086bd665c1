package org.telemetrics.collector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Request headers as the backend's WSGI stack sees them: names compare case-insensitively with
 * {@code _} equal to {@code -} (so {@code record_format_version} is {@code Record-Format-Version}),
 * and repeated headers of one name are joined with a comma into one value.
 */
public final class BackendHeaders {
  private final Map<String, String> byKey;

  private BackendHeaders(Map<String, String> byKey) {
    this.byKey = byKey;
  }

  /** From a map of names to values, as HTTP libraries return them. */
  public static BackendHeaders of(Map<String, ? extends Collection<String>> headers) {
    Builder builder = new Builder();
    headers.forEach((name, values) -> values.forEach(v -> builder.add(name, v)));
    return builder.build();
  }

  /** From {@code Name: value} lines (without the request line). */
  public static BackendHeaders ofLines(List<String> lines) {
    Builder builder = new Builder();
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("header line \"" + line + "\" has no name: value form");
      }
      builder.add(line.substring(0, colon), line.substring(colon + 1));
    }
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The value of a header, or empty when the request has none of that name. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(byKey.get(key(name)));
  }

  /** The value of a header, or null: the shape the rules are written in. */
  String valueOrNull(String name) {
    return byKey.get(key(name));
  }

  public boolean has(String name) {
    return byKey.containsKey(key(name));
  }

  static String key(String name) {
    String known = KNOWN_KEYS.get(name);
    return known != null ? known : name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The keys of the names looked up for every record (and sent by our clients), made once: a
   * request's two dozen headers and the rules' lookups then cost no string copies.
   */
  private static final Map<String, String> KNOWN_KEYS = knownKeys();

  private static Map<String, String> knownKeys() {
    List<String> names = new ArrayList<>();
    CollectedRecord.FIELDS.forEach(f -> names.add(f.httpName()));
    names.addAll(
        List.of(
            BackendRules.TID_HEADER,
            "X-Telemetry-Tid",
            CollectedRecord.RECORD_ID_HEADER,
            "X-CLR-External",
            "Content-Type",
            "Content-Length",
            "Content-Encoding",
            "Host",
            "Connection",
            "Accept-Encoding",
            "User-Agent"));
    Map<String, String> keys = new HashMap<>();
    for (String n : names) {
      keys.put(n, n.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
    return Map.copyOf(keys);
  }

  /** Collects headers in arrival order. */
  public static final class Builder {
    private final Map<String, String> byKey = new LinkedHashMap<>();

    public Builder add(String name, String value) {
      String v = stripOws(value);
      byKey.merge(key(name), v, (a, b) -> a + "," + b);
      return this;
    }

    public BackendHeaders build() {
      return new BackendHeaders(new LinkedHashMap<>(byKey));
    }
  }

  /** HTTP drops spaces and tabs around a field value. */
  private static String stripOws(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
      end--;
    }
    return value.substring(start, end);
  }
}

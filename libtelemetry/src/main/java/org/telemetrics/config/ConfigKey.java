package org.telemetrics.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting of {@code telemetrics.conf}: its name, type, default and how a raw value becomes a
 * typed one. Conversion failures throw {@link IllegalArgumentException} with a reason that the
 * loader reports together with the file and line.
 *
 * @param <T> the typed value
 */
public final class ConfigKey<T> {
  /** What kind of value a key holds; paths are resolved against the root directory. */
  public enum Kind { STRING, INTEGER, BOOLEAN, PATH, CHOICE, LIST }

  private final String name;
  private final Kind kind;
  private final T defaultValue;
  private final Function<String, T> parser;
  private final Function<T, String> formatter;
  private final String description;

  private ConfigKey(
      String name,
      Kind kind,
      T defaultValue,
      Function<String, T> parser,
      Function<T, String> formatter,
      String description) {
    this.name = Objects.requireNonNull(name);
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.parser = parser;
    this.formatter = formatter;
    this.description = description;
  }

  public static ConfigKey<String> string(String name, String defaultValue, String description) {
    return new ConfigKey<>(name, Kind.STRING, defaultValue, v -> v, v -> v, description);
  }

  /**
   * An absolute path. The default is relative to the root directory ({@code root_dir} or the
   * {@code TELEMETRICS_ROOT} environment variable); a configured value is used as written.
   */
  public static ConfigKey<String> path(String name, String defaultValue, String description) {
    return new ConfigKey<>(name, Kind.PATH, defaultValue, ConfigKey::absolutePath, v -> v,
        description);
  }

  /**
   * An integer; values outside {@code [min, max]} are an error unless a clamp maps them (the C
   * client clamps some keys silently, and we keep that for compatibility).
   */
  public static ConfigKey<Long> integer(
      String name, long defaultValue, long min, long max, String description) {
    return integer(name, defaultValue, v -> {
      if (v < min || v > max) {
        throw new IllegalArgumentException(
            "value " + v + " is out of range " + min + ".." + max);
      }
      return v;
    }, description);
  }

  /** An integer with its own range policy (clamping or mapping, as the C client does). */
  public static ConfigKey<Long> integer(
      String name, long defaultValue, Function<Long, Long> policy, String description) {
    return new ConfigKey<>(name, Kind.INTEGER, defaultValue,
        v -> policy.apply(parseLong(v)), String::valueOf, description);
  }

  public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
    return new ConfigKey<>(name, Kind.BOOLEAN, defaultValue, ConfigKey::parseBoolean,
        String::valueOf, description);
  }

  /** One of a fixed set of lower-case words; input is lower-cased first, as in C. */
  public static ConfigKey<String> choice(
      String name, String defaultValue, List<String> choices, String description) {
    return new ConfigKey<>(name, Kind.CHOICE, defaultValue, v -> {
      String lower = v.toLowerCase(Locale.ROOT);
      if (!choices.contains(lower)) {
        throw new IllegalArgumentException(
            "value \"" + v + "\" is not one of " + String.join(", ", choices));
      }
      return lower;
    }, v -> v, description);
  }

  /** A comma-separated list; blanks around items are removed and empty items dropped. */
  public static ConfigKey<List<String>> list(
      String name, List<String> defaultValue, String description) {
    return new ConfigKey<>(name, Kind.LIST, List.copyOf(defaultValue), v -> {
      return java.util.Arrays.stream(v.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .toList();
    }, v -> String.join(",", v), description);
  }

  /** A comma-separated list of numeric user or group ids (non-negative whole numbers). */
  public static ConfigKey<List<Long>> idList(String name, String description) {
    return new ConfigKey<>(name, Kind.LIST, List.of(), v -> {
      return java.util.Arrays.stream(v.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .map(s -> {
            long id = parseLong(s);
            if (id < 0 || id > 0xffffffffL) {
              throw new IllegalArgumentException("\"" + s + "\" is not a user or group id");
            }
            return id;
          })
          .toList();
    }, v -> v.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")),
        description);
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public T parse(String raw) {
    return parser.apply(raw);
  }

  public String format(T value) {
    return formatter.apply(value);
  }

  @SuppressWarnings("unchecked")
  String formatUnchecked(Object value) {
    return formatter.apply((T) value);
  }

  @Override
  public String toString() {
    return name;
  }

  static long parseLong(String v) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + v + "\" is not a whole number");
    }
  }

  static boolean parseBoolean(String v) {
    switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
        return true;
      case "false":
      case "0":
        return false;
      default:
        throw new IllegalArgumentException("\"" + v + "\" is not a boolean (true, false, 1, 0)");
    }
  }

  static String absolutePath(String v) {
    if (!v.startsWith("/")) {
      throw new IllegalArgumentException("\"" + v + "\" is not an absolute path");
    }
    if (v.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("path contains a NUL byte");
    }
    return v;
  }
}

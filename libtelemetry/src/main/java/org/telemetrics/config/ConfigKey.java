package org.telemetrics.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One setting of {@code telemetrics.conf}: its name, type, default and how a raw value becomes a
 * typed one. Conversion failures throw {@link IllegalArgumentException} with a reason that the
 * loader reports together with the file and line.
 *
 * <p>Values are converted by small named classes rather than lambdas: every probe initialises all
 * keys at start-up, and linking dozens of lambdas there cost it more than 10 ms.
 *
 * @param <T> the typed value
 */
public final class ConfigKey<T> {
  /** What kind of value a key holds; paths are resolved against the root directory. */
  public enum Kind {
    STRING,
    INTEGER,
    BOOLEAN,
    PATH,
    CHOICE,
    LIST
  }

  /** Converts a key's raw text to its value and back. */
  private interface Converter<T> {
    T parse(String raw);

    String format(T value);
  }

  /**
   * Checks a converted value against what can work beyond its type (see {@link ValueChecks});
   * throws {@link IllegalArgumentException} with the reason.
   */
  interface Check<T> {
    void check(T value);
  }

  /** The check of a key whose type says it all. */
  private static final class Unchecked<T> implements Check<T> {
    @Override
    public void check(T value) {}
  }

  private final String name;
  private final Kind kind;
  private final T defaultValue;
  private final Converter<T> converter;
  private final Check<T> check;
  private final String description;

  private ConfigKey(
      String name, Kind kind, T defaultValue, Converter<T> converter, String description) {
    this(name, kind, defaultValue, converter, new Unchecked<>(), description);
  }

  private ConfigKey(
      String name,
      Kind kind,
      T defaultValue,
      Converter<T> converter,
      Check<T> check,
      String description) {
    this.name = Objects.requireNonNull(name);
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.converter = converter;
    this.check = check;
    this.description = description;
  }

  /** This key with a check of its values' domain, applied to every value read. */
  ConfigKey<T> checkedBy(Check<T> domain) {
    return new ConfigKey<>(name, kind, defaultValue, converter, domain, description);
  }

  public static ConfigKey<String> string(String name, String defaultValue, String description) {
    return new ConfigKey<>(name, Kind.STRING, defaultValue, new Text(false), description);
  }

  /**
   * An absolute path. The default is relative to the root directory ({@code root_dir} or the {@code
   * TELEMETRICS_ROOT} environment variable); a configured value is used as written.
   */
  public static ConfigKey<String> path(String name, String defaultValue, String description) {
    return new ConfigKey<>(name, Kind.PATH, defaultValue, new Text(true), description);
  }

  /** A {@link #path} that may also be set empty (the feature it names is then off). */
  public static ConfigKey<String> optionalPath(
      String name, String defaultValue, String description) {
    return new ConfigKey<>(name, Kind.PATH, defaultValue, new Text(true, true), description);
  }

  /** An integer; values outside {@code [min, max]} are an error. */
  public static ConfigKey<Long> integer(
      String name, long defaultValue, long min, long max, String description) {
    return new ConfigKey<>(
        name, Kind.INTEGER, defaultValue, new Whole(min, max, Whole.Mode.REJECT), description);
  }

  /**
   * An integer moved silently into {@code [min, max]}, as the C client does for some keys (we keep
   * that for compatibility with existing files).
   */
  public static ConfigKey<Long> clampedInteger(
      String name, long defaultValue, long min, long max, String description) {
    return new ConfigKey<>(
        name, Kind.INTEGER, defaultValue, new Whole(min, max, Whole.Mode.CLAMP), description);
  }

  /**
   * A limit: -1 means "unlimited", else {@code 0..max}. Other negative numbers are an error (the C
   * client read any of them as unlimited, so a typo such as -5 silently lifted a quota).
   */
  public static ConfigKey<Long> limit(
      String name, long defaultValue, long max, String description) {
    return new ConfigKey<>(
        name,
        Kind.INTEGER,
        defaultValue,
        new Whole(0, max, Whole.Mode.MINUS_ONE_IS_UNLIMITED),
        description);
  }

  public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
    return new ConfigKey<>(name, Kind.BOOLEAN, defaultValue, new Flag(), description);
  }

  /** One of a fixed set of lower-case words; input is lower-cased first, as in C. */
  public static ConfigKey<String> choice(
      String name, String defaultValue, List<String> choices, String description) {
    return new ConfigKey<>(
        name, Kind.CHOICE, defaultValue, new Choice(List.copyOf(choices)), description);
  }

  /** A comma-separated list; blanks around items are removed and empty items dropped. */
  public static ConfigKey<List<String>> list(
      String name, List<String> defaultValue, String description) {
    return new ConfigKey<>(name, Kind.LIST, List.copyOf(defaultValue), new Words(), description);
  }

  /** A comma-separated list of numeric user or group ids (non-negative whole numbers). */
  public static ConfigKey<List<Long>> idList(String name, String description) {
    return new ConfigKey<>(name, Kind.LIST, List.of(), new Ids(), description);
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

  /** The value of {@code raw}, converted and checked. */
  public T parse(String raw) {
    T value = converter.parse(raw);
    check.check(value);
    return value;
  }

  /**
   * Checks a typed value (one not read from a file) against this key's domain.
   *
   * @throws IllegalArgumentException naming the key and the reason
   */
  @SuppressWarnings("unchecked")
  void validate(Object value) {
    try {
      T typed = (T) value;
      converter.parse(converter.format(typed));
      check.check(typed);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(name + ": not a value of this key: " + value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  public String format(T value) {
    return converter.format(value);
  }

  @SuppressWarnings("unchecked")
  String formatUnchecked(Object value) {
    return converter.format((T) value);
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

  /** The non-empty, stripped items of a comma-separated value. */
  static List<String> items(String v) {
    List<String> out = new ArrayList<>();
    for (String item : v.split(",")) {
      String s = item.strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  private static final class Text implements Converter<String> {
    private final boolean absolutePath;
    private final boolean emptyAllowed;

    Text(boolean absolutePath) {
      this(absolutePath, false);
    }

    Text(boolean absolutePath, boolean emptyAllowed) {
      this.absolutePath = absolutePath;
      this.emptyAllowed = emptyAllowed;
    }

    @Override
    public String parse(String raw) {
      if (emptyAllowed && raw.isEmpty()) {
        return raw;
      }
      return absolutePath ? absolutePath(raw) : raw;
    }

    @Override
    public String format(String value) {
      return value;
    }
  }

  private static final class Whole implements Converter<Long> {
    enum Mode {
      REJECT,
      CLAMP,
      MINUS_ONE_IS_UNLIMITED
    }

    private final long min;
    private final long max;
    private final Mode mode;

    Whole(long min, long max, Mode mode) {
      this.min = min;
      this.max = max;
      this.mode = mode;
    }

    @Override
    public Long parse(String raw) {
      long v = parseLong(raw);
      switch (mode) {
        case CLAMP:
          return Math.max(min, Math.min(max, v));
        case MINUS_ONE_IS_UNLIMITED:
          if (v != -1 && (v < min || v > max)) {
            throw new IllegalArgumentException(
                "value " + v + " is out of range: -1 (unlimited) or " + min + ".." + max);
          }
          return v;
        default:
          if (v < min || v > max) {
            throw new IllegalArgumentException(
                "value " + v + " is out of range " + min + ".." + max);
          }
          return v;
      }
    }

    @Override
    public String format(Long value) {
      return String.valueOf(value);
    }
  }

  private static final class Flag implements Converter<Boolean> {
    @Override
    public Boolean parse(String raw) {
      return parseBoolean(raw);
    }

    @Override
    public String format(Boolean value) {
      return String.valueOf(value);
    }
  }

  private static final class Choice implements Converter<String> {
    private final List<String> choices;

    Choice(List<String> choices) {
      this.choices = choices;
    }

    @Override
    public String parse(String raw) {
      String lower = raw.toLowerCase(Locale.ROOT);
      if (!choices.contains(lower)) {
        throw new IllegalArgumentException(
            "value \"" + raw + "\" is not one of " + String.join(", ", choices));
      }
      return lower;
    }

    @Override
    public String format(String value) {
      return value;
    }
  }

  private static final class Words implements Converter<List<String>> {
    @Override
    public List<String> parse(String raw) {
      return items(raw);
    }

    @Override
    public String format(List<String> value) {
      return String.join(",", value);
    }
  }

  private static final class Ids implements Converter<List<Long>> {
    @Override
    public List<Long> parse(String raw) {
      List<Long> out = new ArrayList<>();
      for (String s : items(raw)) {
        long id = parseLong(s);
        if (id < 0 || id > 0xffffffffL) {
          throw new IllegalArgumentException("\"" + s + "\" is not a user or group id");
        }
        out.add(id);
      }
      return List.copyOf(out);
    }

    @Override
    public String format(List<Long> value) {
      StringBuilder sb = new StringBuilder();
      for (Long id : value) {
        sb.append(sb.length() == 0 ? "" : ",").append(id);
      }
      return sb.toString();
    }
  }
}

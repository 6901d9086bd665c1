package org.telemetrics.config;

import java.util.List;
import java.util.Objects;

/**
 * One setting of {@code telemetrics.conf}: its name, type, default and how a raw value becomes a
 * typed one. Conversion failures throw {@link IllegalArgumentException} with a reason that the
 * loader reports together with the file and line.
 *
 * <p>Values are converted by the small named classes of {@link ValueConverters}.
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
  private final ValueConverters.Converter<T> converter;
  private final Check<T> check;
  private final String description;

  private ConfigKey(
      String name,
      Kind kind,
      T defaultValue,
      ValueConverters.Converter<T> converter,
      String description) {
    this(name, kind, defaultValue, converter, new Unchecked<>(), description);
  }

  private ConfigKey(
      String name,
      Kind kind,
      T defaultValue,
      ValueConverters.Converter<T> converter,
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
    return new ConfigKey<>(
        name, Kind.STRING, defaultValue, new ValueConverters.Text(false), description);
  }

  /**
   * An absolute path. The default is relative to the root directory ({@code root_dir} or the {@code
   * TELEMETRICS_ROOT} environment variable); a configured value is used as written.
   */
  public static ConfigKey<String> path(String name, String defaultValue, String description) {
    return new ConfigKey<>(
        name, Kind.PATH, defaultValue, new ValueConverters.Text(true), description);
  }

  /** A {@link #path} that may also be set empty (the feature it names is then off). */
  public static ConfigKey<String> optionalPath(
      String name, String defaultValue, String description) {
    return new ConfigKey<>(
        name, Kind.PATH, defaultValue, new ValueConverters.Text(true, true), description);
  }

  /** An integer; values outside {@code [min, max]} are an error. */
  public static ConfigKey<Long> integer(
      String name, long defaultValue, long min, long max, String description) {
    return new ConfigKey<>(
        name,
        Kind.INTEGER,
        defaultValue,
        new ValueConverters.Whole(min, max, ValueConverters.Whole.Mode.REJECT),
        description);
  }

  /**
   * An integer moved silently into {@code [min, max]}, as the C client does for some keys (we keep
   * that for compatibility with existing files).
   */
  public static ConfigKey<Long> clampedInteger(
      String name, long defaultValue, long min, long max, String description) {
    return new ConfigKey<>(
        name,
        Kind.INTEGER,
        defaultValue,
        new ValueConverters.Whole(min, max, ValueConverters.Whole.Mode.CLAMP),
        description);
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
        new ValueConverters.Whole(0, max, ValueConverters.Whole.Mode.MINUS_ONE_IS_UNLIMITED),
        description);
  }

  public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
    return new ConfigKey<>(
        name, Kind.BOOLEAN, defaultValue, new ValueConverters.Flag(), description);
  }

  /** One of a fixed set of lower-case words; input is lower-cased first, as in C. */
  public static ConfigKey<String> choice(
      String name, String defaultValue, List<String> choices, String description) {
    return new ConfigKey<>(
        name,
        Kind.CHOICE,
        defaultValue,
        new ValueConverters.Choice(List.copyOf(choices)),
        description);
  }

  /** A comma-separated list; blanks around items are removed and empty items dropped. */
  public static ConfigKey<List<String>> list(
      String name, List<String> defaultValue, String description) {
    return new ConfigKey<>(
        name, Kind.LIST, List.copyOf(defaultValue), new ValueConverters.Words(), description);
  }

  /** A comma-separated list of numeric user or group ids (non-negative whole numbers). */
  public static ConfigKey<List<Long>> idList(String name, String description) {
    return new ConfigKey<>(name, Kind.LIST, List.of(), new ValueConverters.Ids(), description);
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
}

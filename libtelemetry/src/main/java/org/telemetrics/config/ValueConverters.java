package org.telemetrics.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the raw text of a {@link ConfigKey}'s value becomes a typed value and back; a value that does
 * not convert throws {@link IllegalArgumentException} with the reason.
 *
 * <p>Small named classes rather than lambdas: every probe initialises all keys at start-up, and
 * linking dozens of lambdas there cost it more than 10 ms.
 */
final class ValueConverters {
  private ValueConverters() {}

  /** Converts a key's raw text to its value and back. */
  interface Converter<T> {
    T parse(String raw);

    String format(T value);
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

  static final class Text implements Converter<String> {
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

  static final class Whole implements Converter<Long> {
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

  static final class Flag implements Converter<Boolean> {
    @Override
    public Boolean parse(String raw) {
      return parseBoolean(raw);
    }

    @Override
    public String format(Boolean value) {
      return String.valueOf(value);
    }
  }

  static final class Choice implements Converter<String> {
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

  static final class Words implements Converter<List<String>> {
    @Override
    public List<String> parse(String raw) {
      return items(raw);
    }

    @Override
    public String format(List<String> value) {
      return String.join(",", value);
    }
  }

  static final class Ids implements Converter<List<Long>> {
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

package org.telemetrics.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The C client's ini dialect (libnica): {@code [section]}, {@code key=value}, whole-line {@code #}
 * and {@code ;} comments, and backslash escapes ({@code \s} is a space, {@code \x} is {@code x}).
 *
 * <p>Unlike C, values are trimmed normally (C could cut a value with two leading blanks), a leading
 * byte order mark is allowed, and input is bounded: at most {@link #MAX_BYTES} characters, {@link
 * #MAX_LINES} lines and {@link #MAX_LINE} per line.
 */
final class IniParser {
  static final int MAX_BYTES = 1 << 20;
  static final int MAX_LINE = 8192;

  /** Each bad line is an error kept until the end: a megabyte of them would not fit a daemon. */
  static final int MAX_LINES = 10_000;

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  /** One {@code key=value} line of a section. */
  record Entry(String section, String key, String value, int line) {}

  private IniParser() {}

  /**
   * A plain loop: every probe parses the configuration, and a stream with a lambda here cost each
   * one about a hundred classes and a lambda spun at start-up.
   */
  private static int newlines(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Parses the text; every bad line is added to {@code errors} and parsing goes on. */
  static List<Entry> parse(Path file, String text, List<ConfigException> errors) {
    if (text.length() > MAX_BYTES) {
      errors.add(new ConfigException(file, 0, "file is larger than " + MAX_BYTES + " bytes"));
      return List.of();
    }
    if (newlines(text) > MAX_LINES) {
      errors.add(new ConfigException(file, 0, "file has more than " + MAX_LINES + " lines"));
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    String section = null;
    // a byte order mark, as some editors write it (like the CRs that strip() takes): the C parser
    // refused the first line for it, a mark nobody sees
    String[] lines = (text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String raw = lines[i];
      if (raw.length() > MAX_LINE) {
        errors.add(
            new ConfigException(file, lineNo, "line is longer than " + MAX_LINE + " characters"));
        continue;
      }
      if (raw.indexOf('\0') >= 0) {
        errors.add(new ConfigException(file, lineNo, "line contains a NUL byte"));
        continue;
      }
      String line = strip(raw);
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (!line.endsWith("]")) {
          errors.add(new ConfigException(file, lineNo, "expected closing ']' for section"));
          continue;
        }
        section = strip(line.substring(1, line.length() - 1));
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        errors.add(new ConfigException(file, lineNo, "expected key=value notation"));
        continue;
      }
      String key = strip(line.substring(0, eq));
      if (key.isEmpty()) {
        errors.add(new ConfigException(file, lineNo, "encountered empty key"));
        continue;
      }
      if (section == null) {
        errors.add(
            new ConfigException(
                file, lineNo, "encountered key=value mapping without a valid section"));
        continue;
      }
      entries.add(new Entry(section, key, unescape(strip(line.substring(eq + 1))), lineNo));
    }
    return entries;
  }

  /** Strips spaces, tabs and a CR (files edited on Windows) from both ends. */
  private static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isBlank(s.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }

  static String unescape(String value) {
    if (value.indexOf('\\') < 0) {
      return value;
    }
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        sb.append(next == 's' ? ' ' : next);
      } else if (c != '\\') {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}

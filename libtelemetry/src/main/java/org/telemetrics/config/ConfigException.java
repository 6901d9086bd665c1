package org.telemetrics.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A configuration file could not be used; the message names the file and, where known, the line.
 * When a file has several errors, the first is thrown and carries the others ({@link #messages()}),
 * so a daemon refusing to start prints the same lines as {@code telemctl config check}.
 */
public final class ConfigException extends Exception {
  private final Path file;
  private final int line;
  private final List<String> further;

  public ConfigException(Path file, int line, String reason) {
    this(file, line, format(file, line, reason), List.of());
  }

  private ConfigException(Path file, int line, String message, List<String> further) {
    super(message);
    this.file = file;
    this.line = line;
    this.further = List.copyOf(further);
  }

  /** The first of {@code errors} (in line order), carrying the messages of the others. */
  static ConfigException of(List<ConfigException> errors) {
    List<ConfigException> sorted = new ArrayList<>(errors);
    sorted.sort(Comparator.comparingInt(ConfigException::line));
    ConfigException first = sorted.get(0);
    List<String> rest = new ArrayList<>();
    for (ConfigException e : sorted.subList(1, sorted.size())) {
      rest.addAll(e.messages());
    }
    return new ConfigException(first.file, first.line, first.getMessage(), rest);
  }

  private static String format(Path file, int line, String reason) {
    String where = file == null ? "configuration" : file.toString();
    String text = ValueChecks.printable(reason);
    return line > 0 ? where + ":" + line + ": " + text : where + ": " + text;
  }

  /** The file, or null for values that did not come from a file. */
  public Path file() {
    return file;
  }

  /** 1-based line number, or 0 when the problem is not on one line. */
  public int line() {
    return line;
  }

  /** This error's message and those of every further error in the same file, one line each. */
  public List<String> messages() {
    List<String> all = new ArrayList<>();
    all.add(getMessage());
    all.addAll(further);
    return List.copyOf(all);
  }
}

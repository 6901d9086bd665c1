package org.telemetrics.config;

import java.nio.file.Path;

/** A configuration file could not be used; the message names the file and, where known, the line. */
public final class ConfigException extends Exception {
  private final Path file;
  private final int line;

  public ConfigException(Path file, int line, String reason) {
    super(format(file, line, reason));
    this.file = file;
    this.line = line;
  }

  private static String format(Path file, int line, String reason) {
    String where = file == null ? "configuration" : file.toString();
    return line > 0 ? where + ":" + line + ": " + reason : where + ": " + reason;
  }

  /** The file, or null for values that did not come from a file. */
  public Path file() {
    return file;
  }

  /** 1-based line number, or 0 when the problem is not on one line. */
  public int line() {
    return line;
  }
}

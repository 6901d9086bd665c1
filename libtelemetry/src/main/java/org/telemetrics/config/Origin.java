package org.telemetrics.config;

import java.nio.file.Path;

/** Where an effective configuration value came from: a file line, or the built-in default. */
public record Origin(Path file, int line) {
  public static final Origin DEFAULT = new Origin(null, 0);

  public boolean isDefault() {
    return file == null;
  }

  @Override
  public String toString() {
    return isDefault() ? "default" : file + ":" + line;
  }
}

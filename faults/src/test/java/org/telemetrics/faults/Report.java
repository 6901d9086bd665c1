package org.telemetrics.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The harness's figures as {@code key=value} lines in the file named by the system property {@code
 * faults.report} (what bench/faults prints as a table), and on standard output.
 */
final class Report {
  private Report() {}

  static synchronized void put(String key, Object value) {
    String line = key + "=" + value;
    System.out.println("faults: " + line);
    String file = System.getProperty("faults.report", "");
    if (file.isBlank()) {
      return;
    }
    try {
      Path p = Path.of(file);
      Files.createDirectories(p.toAbsolutePath().getParent());
      Files.writeString(p, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

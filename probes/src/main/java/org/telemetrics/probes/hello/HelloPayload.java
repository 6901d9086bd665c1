package org.telemetrics.probes.hello;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.telemetrics.record.RecordRules;

/**
 * The hello/heartbeat payload: {@code hello}, then optionally the locale, the uptime and the list
 * of installed bundles, in the C probe's text layout.
 */
final class HelloPayload {
  private static final String TRUNCATED = "\n...";

  private HelloPayload() {}

  /**
   * The locale as the C probe reports it after {@code setlocale(LC_ALL, "")}: {@code LC_ALL}, else
   * {@code LANG}, else the POSIX default {@code C}.
   */
  static String locale(Map<String, String> env) {
    for (String name : List.of("LC_ALL", "LANG")) {
      String value = env.get(name);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return "C";
  }

  /**
   * Whole seconds since boot, from {@code /proc/uptime}; read through {@code java.io}, since a
   * {@code java.nio} channel would set up the JDK's network library for it (2-3 ms).
   */
  static long uptimeSeconds(Path procUptime) throws IOException {
    String text;
    try (InputStream in = new FileInputStream(procUptime.toString())) {
      text = new String(in.readNBytes(256), StandardCharsets.US_ASCII).trim();
    }
    int space = text.indexOf(' ');
    String seconds = space < 0 ? text : text.substring(0, space);
    int dot = seconds.indexOf('.');
    return Long.parseLong(dot < 0 ? seconds : seconds.substring(0, dot));
  }

  /** The names in a bundle directory, sorted, hidden entries left out. */
  static List<String> bundles(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    }
  }

  static String build(
      Optional<String> locale, Optional<Long> uptime, Optional<List<String>> bundles) {
    StringBuilder text = new StringBuilder("hello\n");
    if (locale.isPresent()) {
      text.append("LC_ALL: ").append(locale.get()).append('\n');
    }
    if (uptime.isPresent()) {
      text.append("uptime: ").append(uptime.get()).append('\n');
    }
    if (bundles.isPresent()) {
      text.append("\nBundles (").append(bundles.get().size()).append("):\n");
      for (String name : bundles.get()) {
        text.append(name).append('\n');
      }
    }
    return fitToLimit(text.toString());
  }

  /** A payload over the record limit keeps its start and ends with "\n...", as in C. */
  private static String fitToLimit(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= RecordRules.MAX_PAYLOAD_BYTES) {
      return text;
    }
    int keep =
        RecordRules.utf8PrefixLength(bytes, RecordRules.MAX_PAYLOAD_BYTES - TRUNCATED.length());
    return new String(bytes, 0, keep, StandardCharsets.UTF_8) + TRUNCATED;
  }
}

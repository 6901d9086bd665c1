package org.telemetrics.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sample lines of OpenMetrics or Prometheus text, parsed: "name{labels}" to value. */
final class TextSamples {
  private static final Pattern LINE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");

  private TextSamples() {}

  static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a sample line: " + line);
      }
      String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
      if (samples.put(key, Double.parseDouble(m.group(3))) != null) {
        throw new AssertionError("sample twice: " + key);
      }
    }
    return samples;
  }
}

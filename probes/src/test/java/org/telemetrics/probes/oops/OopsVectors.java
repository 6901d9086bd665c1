package org.telemetrics.probes.oops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C parser's results on the kernel logs of {@code oops/} (its {@code EXPECTED.txt}): per file,
 * every completed report's classification, severity, line count and payload.
 */
final class OopsVectors {
  /** One report the C parser completed. */
  record Expected(String classification, int severity, int lines, String payload) {}

  /** A file of the vectors: its input and what the C parser made of it. */
  record Vector(String name, byte[] input, List<Expected> reports) {
    @Override
    public String toString() {
      return name;
    }
  }

  private OopsVectors() {}

  static List<Vector> all() {
    String text = new String(resource("EXPECTED.txt"), StandardCharsets.UTF_8);
    Map<String, List<Expected>> reports = new LinkedHashMap<>();
    Map<String, StringBuilder> inline = new LinkedHashMap<>();
    String file = null;
    String header = null;
    StringBuilder payload = null;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("######## FILE ")) {
        file = line.substring(14).split(" ")[0];
        reports.put(file, new ArrayList<>());
        if (line.contains("(synthetic input follows)")) {
          inline.put(file, new StringBuilder());
        }
      } else if (file != null && line.startsWith("|") && inline.containsKey(file)) {
        inline.get(file).append(line.substring(1)).append('\n');
      } else if (line.startsWith("----- OOPS ")) {
        header = line;
        payload = new StringBuilder();
      } else if (line.equals("----- END")) {
        reports.get(file).add(expected(header, payload.toString()));
        payload = null;
      } else if (payload != null) {
        payload.append(line).append('\n');
      }
    }
    List<Vector> out = new ArrayList<>();
    reports.forEach(
        (name, list) ->
            out.add(
                new Vector(
                    name,
                    inline.containsKey(name)
                        ? inline.get(name).toString().getBytes(StandardCharsets.UTF_8)
                        : resource(name),
                    List.copyOf(list))));
    return out;
  }

  private static Expected expected(String header, String payload) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String word : header.split(" ")) {
      int eq = word.indexOf('=');
      if (eq > 0) {
        f.put(word.substring(0, eq), word.substring(eq + 1));
      }
    }
    return new Expected(
        f.get("class"),
        Integer.parseInt(f.get("severity")),
        Integer.parseInt(f.get("lines")),
        payload);
  }

  static byte[] resource(String name) {
    try (InputStream in = OopsVectors.class.getResourceAsStream("/oops/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource oops/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package org.telemetrics.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the documented configuration file shipped as {@code etc/telemetrics.conf}: every key
 * commented out with its description and default, so the file itself changes nothing. A test keeps
 * the shipped file equal to this rendering; run this class to regenerate it.
 */
public final class ConfigTemplate {
  private static final int WIDTH = 78;

  private static final String HEADER =
      """
      # telemetrics.conf: configuration of the telemetry client (telemprobd, telempostd,
      # telemctl and the probes).
      #
      # Only one file is read: the one given with -f, else /etc/telemetrics/telemetrics.conf,
      # else /usr/share/defaults/telemetrics/telemetrics.conf. Keys it leaves out keep the
      # defaults shown below. Copy this file to /etc/telemetrics/ and uncomment what you change.
      #
      # Syntax (compatible with the C client): lines "key=value" in the [settings] section;
      # lines starting with '#' or ';' are comments (there are no comments at the end of a
      # line); "\\s" in a value is a space. A key given twice takes its last value. An unknown
      # key or a bad value is an error naming the file and line: check a file with
      # "telemctl config check FILE". Paths are absolute; their defaults move under root_dir.
      # See telemetrics.conf(5).

      [settings]
      """;

  private ConfigTemplate() {}

  public static void main(String[] args) {
    System.out.print(render());
  }

  /** The whole documented file. */
  public static String render() {
    StringBuilder out = new StringBuilder(HEADER);
    for (ConfigKey<?> key : ConfigKeys.all()) {
      out.append('\n');
      for (String line : wrap(key.description(), WIDTH - 2)) {
        out.append("# ").append(line).append('\n');
      }
      out.append('#')
          .append(key.name())
          .append('=')
          .append(escape(key.formatUnchecked(key.defaultValue())))
          .append('\n');
    }
    return out.toString();
  }

  /** Spaces become {@code \s}, which both this parser and the C one read back as a space. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace(" ", "\\s");
  }

  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}

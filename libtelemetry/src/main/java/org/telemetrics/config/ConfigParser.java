package org.telemetrics.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the text of a configuration file into a {@link TelemetryConfig}. Pure: the file is named
 * only for messages; finding and reading it is ConfigLoader's (package configfile).
 */
public final class ConfigParser {
  private static final String SECTION = "settings";

  /** The most bytes a configuration file may have. */
  public static final int MAX_BYTES = IniParser.MAX_BYTES;

  private ConfigParser() {}

  /**
   * Parses configuration text and throws the first error, which carries the others (see {@link
   * ConfigException#messages()}): every key's value is checked against its domain ({@link
   * ConfigKey#parse}), the one validation telemctl config check and the daemons share. Unknown keys
   * in {@code [settings]} are errors (a typo would otherwise silently keep a default); other
   * sections are ignored, as in C.
   */
  public static TelemetryConfig parse(Path file, String text, Path root) throws ConfigException {
    List<ConfigException> errors = new ArrayList<>();
    TelemetryConfig config = parse(file, text, root, errors);
    if (!errors.isEmpty()) {
      throw ConfigException.of(errors);
    }
    return config;
  }

  /** Parses configuration text, adding every error to {@code errors}. */
  public static TelemetryConfig parse(
      Path file, String text, Path root, List<ConfigException> errors) {
    Map<String, Object> values = new HashMap<>();
    Map<String, Origin> origins = new HashMap<>();
    for (IniParser.Entry entry : IniParser.parse(file, text, errors)) {
      if (!entry.section().equals(SECTION)) {
        continue;
      }
      ConfigKey<?> key = lookUp(entry.key());
      if (key == null) {
        errors.add(new ConfigException(file, entry.line(), "unknown key \"" + entry.key() + "\""));
        continue;
      }
      try {
        values.put(key.name(), key.parse(entry.value()));
        origins.put(key.name(), new Origin(file, entry.line()));
      } catch (IllegalArgumentException e) {
        errors.add(new ConfigException(file, entry.line(), key.name() + ": " + e.getMessage()));
      }
    }
    Path effectiveRoot =
        values.containsKey(ProbeKeys.ROOT_DIR.name())
            ? Path.of((String) values.get(ProbeKeys.ROOT_DIR.name()))
            : root;
    return new TelemetryConfig(file, effectiveRoot, values, origins);
  }

  /**
   * The key of this name. The probes' keys come first: a file that sets only those is read without
   * building the full table of keys; any other name finds the same key object there as before.
   */
  private static ConfigKey<?> lookUp(String name) {
    ConfigKey<?> key = ProbeKeys.byName(name);
    return key != null ? key : ConfigKeys.byName(name);
  }
}

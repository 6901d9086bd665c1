package org.telemetrics.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration: one value for every key in {@link ConfigKeys}, where each came from,
 * and the {@link Layout} of paths it implies. Immutable; a reload makes a new one.
 */
public final class TelemetryConfig {
  private final Path file;
  private final Path root;
  private final Map<String, Object> values;
  private final Map<String, Origin> origins;

  TelemetryConfig(Path file, Path root, Map<String, Object> values, Map<String, Origin> origins) {
    this.file = file;
    this.root = root;
    this.values = Map.copyOf(values);
    this.origins = Map.copyOf(origins);
  }

  /** Built-in defaults with every path under {@code root}. */
  public static TelemetryConfig defaults(Path root) {
    return new TelemetryConfig(null, root, Map.of(), Map.of());
  }

  /** The file the values were read from, if any (the C client reads exactly one file). */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The directory every default path is under ({@code /} on a normal install). */
  public Path root() {
    return root;
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    Object value = values.get(key.name());
    return value == null ? key.defaultValue() : (T) value;
  }

  /** A path key: a configured value as written, a default under the root directory. */
  public Path path(ConfigKey<String> key) {
    String value = get(key);
    if (value.isEmpty()) {
      throw new IllegalStateException(key.name() + " is empty (off): ask get() first");
    }
    if (values.containsKey(key.name())) {
      return Path.of(value);
    }
    return under(root, value);
  }

  public Origin origin(ConfigKey<?> key) {
    return origins.getOrDefault(key.name(), Origin.DEFAULT);
  }

  /** Every value as text, keyed by name, in declaration order of the keys. */
  public Map<String, String> asText() {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigKey<?> key : ConfigKeys.all()) {
      Object value =
          key.kind() == ConfigKey.Kind.PATH && !get(key).toString().isEmpty()
              ? path(castPath(key)).toString()
              : get(key);
      out.put(key.name(), key.formatUnchecked(value));
    }
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  private static ConfigKey<String> castPath(ConfigKey<?> key) {
    return (ConfigKey<String>) key;
  }

  public Layout layout() {
    return Layout.of(this);
  }

  /**
   * A copy with some values replaced, as if set in a file (for tests and embedded use).
   *
   * @throws IllegalArgumentException for a value outside its key's domain, as a file would be
   */
  public TelemetryConfig with(Map<ConfigKey<?>, Object> overrides) {
    Map<String, Object> v = new HashMap<>(values);
    Map<String, Origin> o = new HashMap<>(origins);
    for (Map.Entry<ConfigKey<?>, Object> e : overrides.entrySet()) {
      e.getKey().validate(e.getValue());
      v.put(e.getKey().name(), e.getValue());
      o.put(e.getKey().name(), Origin.DEFAULT);
    }
    return new TelemetryConfig(file, root, v, o);
  }

  public static Path under(Path root, String absolute) {
    String relative = absolute.startsWith("/") ? absolute.substring(1) : absolute;
    return relative.isEmpty() ? root : root.resolve(relative);
  }
}

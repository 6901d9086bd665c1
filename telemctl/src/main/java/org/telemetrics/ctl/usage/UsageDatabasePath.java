package org.telemetrics.ctl.usage;

import java.nio.file.Path;
import java.util.Optional;
import org.telemetrics.config.ConfigKey;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;

/**
 * Where the usage database is: the {@code usage_db} key (empty: off), or its default under the root
 * directory. The key is looked up by name, so this works with and without a libtelemetry that
 * declares it; once every build has {@code ConfigKeys.USAGE_DB}, read that directly.
 */
public final class UsageDatabasePath {
  public static final String KEY = "usage_db";
  static final String DEFAULT = "/var/lib/telemetry/usage.db";

  private UsageDatabasePath() {}

  /** The database file, or empty when {@code usage_db} is set to nothing (usage is off). */
  public static Optional<Path> of(TelemetryConfig config) {
    Optional<ConfigKey<?>> key =
        ConfigKeys.all().stream().filter(k -> k.name().equals(KEY)).findFirst();
    if (key.isEmpty()) {
      return Optional.of(config.root().resolve(DEFAULT.substring(1)));
    }
    @SuppressWarnings("unchecked")
    ConfigKey<String> pathKey = (ConfigKey<String>) key.get();
    if (config.get(pathKey).isBlank()) {
      return Optional.empty();
    }
    return Optional.of(config.path(pathKey));
  }
}

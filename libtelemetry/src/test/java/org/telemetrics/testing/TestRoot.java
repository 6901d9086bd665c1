package org.telemetrics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.configfile.ConfigLoader;

/**
 * A private root directory for one test: every path of the suite lives under it, configured by a
 * real {@code etc/telemetrics/telemetrics.conf}. Processes find it through {@code TELEMETRICS_ROOT}
 * ({@link #env()}) or {@code -f} ({@link #configFile()}).
 */
public final class TestRoot {
  private final Path dir;
  private final Map<String, String> settings = new LinkedHashMap<>();

  private TestRoot(Path dir) {
    this.dir = dir;
  }

  /** A root in {@code dir}, opted in, recycling off (tests stop daemons themselves). */
  public static TestRoot create(Path dir) {
    TestRoot root = new TestRoot(dir.toAbsolutePath());
    root.set("daemon_recycling_enabled", "false");
    root.optIn();
    return root;
  }

  /** Sets a key in the configuration file (rewritten at once). */
  public TestRoot set(String key, String value) {
    settings.put(key, value);
    write();
    return this;
  }

  public Path dir() {
    return dir;
  }

  public Path configFile() {
    return dir.resolve("etc/telemetrics/telemetrics.conf");
  }

  public TelemetryConfig config() {
    try {
      return ConfigLoader.load(java.util.Optional.empty(), dir);
    } catch (ConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  public Layout layout() {
    return config().layout();
  }

  /** Environment that points a process of the suite at this root. */
  public Map<String, String> env() {
    return Map.of(ConfigLoader.ROOT_ENV, dir.toString());
  }

  public void optIn() {
    try {
      Files.createDirectories(dir.resolve("etc/telemetrics"));
      Files.writeString(dir.resolve("etc/telemetrics/opt-in"), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void optOut() {
    try {
      Files.deleteIfExists(dir.resolve("etc/telemetrics/opt-in"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write() {
    StringBuilder sb = new StringBuilder("[settings]\n");
    settings.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    try {
      Files.createDirectories(configFile().getParent());
      Files.writeString(configFile(), sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package org.telemetrics.ctl.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.ctl.systemd.ProcessSystemctl;
import org.telemetrics.ctl.systemd.Systemctl;

/**
 * Everything telemctl takes from the machine it runs on: environment, systemctl, the caller's uid,
 * time. Commands use only this, so tests run them in-process against a temporary root with a
 * recording systemctl.
 */
public record Context(
    Map<String, String> env, Systemctl systemctl, LongSupplier uid, Clock clock, ZoneId zone) {

  public static Context system() {
    return new Context(
        System.getenv(),
        new ProcessSystemctl(),
        Context::processUid,
        Clock.systemUTC(),
        ZoneId.systemDefault());
  }

  /** {@code TELEMETRICS_ROOT}, or {@code /}. */
  public Path root() {
    String value = env.get(ConfigLoader.ROOT_ENV);
    return value == null || value.isEmpty() ? Path.of("/") : Path.of(value).toAbsolutePath();
  }

  public TelemetryConfig loadConfig(Optional<Path> explicitFile) throws ConfigException {
    return ConfigLoader.load(explicitFile.map(Path::toAbsolutePath), root());
  }

  private static long processUid() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    } catch (Exception e) {
      return -1; // unknown: treated as unprivileged
    }
  }
}

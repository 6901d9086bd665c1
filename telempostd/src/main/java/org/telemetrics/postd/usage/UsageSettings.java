package org.telemetrics.postd.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.ConfigKey;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Origin;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.files.FileErrors;
import org.telemetrics.usage.UsageBlur;

/**
 * The usage account's settings: where the log and the database go (either may be off), the blur and
 * how long per-record rows are kept.
 *
 * @param log empty (off), an absolute path, or {@code fd:N}
 * @param database empty when off
 * @param nativeLibraryDir where sqlite-jdbc unpacks its native library (as junixsocket does: the
 *     service's /tmp is private)
 * @param required the database was configured explicitly: if it cannot be written at start, the
 *     daemon refuses to start (a default location that does not work is only a warning)
 */
public record UsageSettings(
    String log,
    Optional<Path> database,
    boolean required,
    UsageBlur blur,
    int retentionDays,
    Path nativeLibraryDir) {

  public static UsageSettings from(TelemetryConfig c) {
    String db = c.get(ConfigKeys.USAGE_DB);
    return new UsageSettings(
        c.get(ConfigKeys.USAGE_LOG),
        db.isEmpty() ? Optional.empty() : Optional.of(c.path(ConfigKeys.USAGE_DB)),
        !c.origin(ConfigKeys.USAGE_DB).isDefault(),
        new UsageBlur(c.get(ConfigKeys.BLUR_USAGE)),
        c.get(ConfigKeys.USAGE_RETENTION_DAYS).intValue(),
        c.path(ConfigKeys.NATIVE_LIBRARY_DIR));
  }

  /**
   * What only the running daemon can see: a {@code usage_log=fd:N} that is not open, a configured
   * {@code usage_db} it cannot write. Reported with the key's file and line in {@code c}, the
   * configuration these settings were read from.
   */
  public void checkAtStart(TelemetryConfig c) throws ConfigException {
    if (log.startsWith("fd:") && !Files.exists(UsageLogWriter.descriptorPath(log))) {
      throw refusal(c, ConfigKeys.USAGE_LOG, log + " is not an open file descriptor of telempostd");
    }
    if (required && database.isPresent()) {
      String problem = writeProblem(database.get());
      if (problem != null) {
        throw refusal(c, ConfigKeys.USAGE_DB, problem);
      }
    }
  }

  /**
   * What telempostd starts with but says: a usage log whose directory is not there (yet: a file
   * system mounted later, a directory removed). Its lines are dropped and counted until it is.
   */
  public Optional<String> startWarning() {
    if (log.isEmpty() || log.startsWith("fd:")) {
      return Optional.empty();
    }
    Path dir = Path.of(log).getParent();
    if (Files.isDirectory(dir)) {
      return Optional.empty();
    }
    return Optional.of(
        "usage_log: directory "
            + dir
            + " does not exist; usage lines are dropped, and counted, until it does (delivery"
            + " goes on)");
  }

  /** Why {@code file} cannot be the database, or null if it can. */
  static String writeProblem(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      return "cannot create directory " + FileErrors.about(dir, e);
    }
    if (!Files.isWritable(dir)) {
      return "directory " + dir + " is not writable";
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      return file + " is not writable";
    }
    return null;
  }

  private static ConfigException refusal(TelemetryConfig c, ConfigKey<?> key, String reason) {
    Origin o = c.origin(key);
    return new ConfigException(o.file(), o.line(), key.name() + ": " + reason);
  }

  public boolean off() {
    return log.isEmpty() && database.isEmpty();
  }
}

package org.telemetrics.configfile;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.ConfigParser;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.files.FileErrors;
import org.telemetrics.record.StrictUtf8;

/**
 * Chooses and reads the one configuration file, as the C client does: an explicit file ({@code -f})
 * wins, else {@code /etc/telemetrics/telemetrics.conf}, else {@code
 * /usr/share/defaults/telemetrics/telemetrics.conf}, else the built-in defaults. Only the {@code
 * [settings]} section is read; keys missing from the file keep their defaults.
 *
 * <p>The environment variable {@code TELEMETRICS_ROOT} moves that search, and every default path,
 * under another directory, so tests and the demo run the whole suite unprivileged. The file's text
 * is parsed by {@link ConfigParser}; this class is the part that touches the file system.
 */
public final class ConfigLoader {
  public static final String ROOT_ENV = "TELEMETRICS_ROOT";
  static final String ETC_FILE = "/etc/telemetrics/telemetrics.conf";
  static final String DEFAULTS_FILE = "/usr/share/defaults/telemetrics/telemetrics.conf";

  private ConfigLoader() {}

  /** Loads the configuration for this process: explicit file, or the search under the root. */
  public static TelemetryConfig load(Optional<Path> explicitFile) throws ConfigException {
    return load(explicitFile, rootFromEnvironment());
  }

  public static TelemetryConfig load(Optional<Path> explicitFile, Path root)
      throws ConfigException {
    Optional<Path> file =
        explicitFile.isPresent() ? Optional.of(checkExplicit(explicitFile.get())) : search(root);
    if (file.isEmpty()) {
      return TelemetryConfig.defaults(root);
    }
    return ConfigParser.parse(file.get(), read(file.get()), root);
  }

  /** The root from {@code TELEMETRICS_ROOT}, or {@code /}. */
  public static Path rootFromEnvironment() {
    String env = System.getenv(ROOT_ENV);
    return env == null || env.isEmpty() ? Path.of("/") : Path.of(env).toAbsolutePath();
  }

  /**
   * The file the search chooses under {@code root}, if any. One that is there but that this user
   * cannot read is an error: the C client went on to the next file, so a configuration the
   * administrator wrote with a strict umask (0600, root's) was silently replaced by the defaults in
   * every program run by another user, its server, quotas and crash filters with it.
   */
  public static Optional<Path> search(Path root) throws ConfigException {
    for (String candidate : List.of(ETC_FILE, DEFAULTS_FILE)) {
      Path p = TelemetryConfig.under(root, candidate);
      if (Files.isRegularFile(p)) {
        if (!Files.isReadable(p)) {
          throw new ConfigException(
              p,
              0,
              "cannot read it as user "
                  + System.getProperty("user.name")
                  + ": every program of telemetrics reads it (make it readable by all, 0644)");
        }
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** As C's tm_set_config_file: the path must be absolute and name a regular file. */
  public static Path checkExplicit(Path file) throws ConfigException {
    if (!file.isAbsolute()) {
      throw new ConfigException(file, 0, "configuration file path must be absolute");
    }
    if (!Files.exists(file)) {
      throw new ConfigException(file, 0, "no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file, 0, "not a regular file");
    }
    return file;
  }

  static String read(Path file) throws ConfigException {
    byte[] bytes;
    // java.io, not a java.nio channel: that would set up the JDK's network library at every start
    try (InputStream in = new FileInputStream(file.toString())) {
      bytes = in.readNBytes(ConfigParser.MAX_BYTES + 1);
    } catch (IOException e) {
      throw new ConfigException(file, 0, "cannot read: " + FileErrors.reason(e));
    }
    if (bytes.length > ConfigParser.MAX_BYTES) {
      throw new ConfigException(
          file, 0, "file is larger than " + ConfigParser.MAX_BYTES + " bytes");
    }
    try {
      return StrictUtf8.decode(bytes);
    } catch (CharacterCodingException e) {
      throw new ConfigException(file, 0, "file is not valid UTF-8 text");
    }
  }

  /** Checks a file without using it and returns every error found, in line order. */
  public static List<ConfigException> check(Path file) {
    List<ConfigException> errors = new ArrayList<>();
    try {
      Path absolute = checkExplicit(file.toAbsolutePath());
      ConfigParser.parse(absolute, read(absolute), rootFromEnvironment(), errors);
    } catch (ConfigException e) {
      errors.add(e);
    }
    errors.sort(Comparator.comparingInt(ConfigException::line));
    return errors;
  }
}

package org.telemetrics.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.PatternSyntaxException;
import org.telemetrics.status.ClassificationLabels;

/**
 * The domains of the keys whose type alone does not say what can work: a server URL the poster can
 * build a request for, a header line HTTP accepts, a socket path that fits the kernel's address.
 * Each check throws {@link IllegalArgumentException} with the reason, which the loader reports with
 * the file and line, so {@code telemctl config check} and the daemons at start refuse the same
 * values with the same words.
 */
final class ValueChecks {
  /** {@code sockaddr_un.sun_path} holds 108 bytes, the last one a NUL. */
  static final int MAX_SOCKET_PATH_BYTES = 107;

  private ValueChecks() {}

  /** Empty (none), or a URL of one of {@code schemes} with a host, and a port if required. */
  static final class Url implements ConfigKey.Check<String> {
    private final List<String> schemes;
    private final boolean portRequired;

    Url(List<String> schemes, boolean portRequired) {
      this.schemes = List.copyOf(schemes);
      this.portRequired = portRequired;
    }

    @Override
    public void check(String value) {
      if (value.isEmpty()) {
        return;
      }
      URI uri;
      try {
        uri = new URI(value);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "\"" + printable(value) + "\" is not a URL: " + printable(e.getMessage()));
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!schemes.contains(scheme)) {
        throw new IllegalArgumentException(
            "\"" + printable(value) + "\" is not an " + String.join(" or ", schemes) + " URL");
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new IllegalArgumentException("\"" + printable(value) + "\" has no host name");
      }
      if (uri.getPort() == 0 || uri.getPort() > 65535 || portRequired && uri.getPort() < 0) {
        throw new IllegalArgumentException("\"" + printable(value) + "\" needs a port 1..65535");
      }
    }
  }

  /**
   * Empty (no header), or one HTTP header line {@code Name: value}: the name an HTTP token, the
   * value not empty, of visible ASCII, spaces and tabs only (a CR or LF would split the request).
   */
  static final class HeaderLine implements ConfigKey.Check<String> {
    @Override
    public void check(String line) {
      if (line.isBlank()) {
        return;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "\"" + printable(line) + "\" is not a header line \"Name: value\"");
      }
      String name = line.substring(0, colon).strip();
      if (name.isEmpty() || !isToken(name)) {
        throw new IllegalArgumentException(
            "\""
                + printable(name)
                + "\" is not a valid header name (letters, digits and !#$%&'*+-.^_`|~)");
      }
      String value = line.substring(colon + 1).strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException("header " + name + " has an empty value");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c != '\t' && (c < 0x20 || c >= 0x7f)) {
          throw new IllegalArgumentException(
              String.format(
                  "the value of header %s contains the character U+%04X (only visible ASCII,"
                      + " spaces and tabs)",
                  name, (int) c));
        }
      }
    }

    /** A loop, not a stream: probes parse this key at start-up, where a lambda costs. */
    private static boolean isToken(String name) {
      for (int i = 0; i < name.length(); i++) {
        if (!isTokenChar(name.charAt(i))) {
          return false;
        }
      }
      return true;
    }

    private static boolean isTokenChar(int c) {
      return c >= '0' && c <= '9'
          || c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
  }

  /** Empty (none), or {@link HeaderLine}s separated by commas. */
  static final class HeaderLines implements ConfigKey.Check<String> {
    @Override
    public void check(String value) {
      HeaderLine line = new HeaderLine();
      for (String item : value.split(",", -1)) {
        if (item.isBlank() && !value.isBlank()) {
          throw new IllegalArgumentException(
              "\"" + printable(value) + "\" has an empty header between two commas");
        }
        line.check(item.strip());
      }
    }
  }

  /** Empty (none), or an absolute path. */
  static final class EmptyOrAbsolutePath implements ConfigKey.Check<String> {
    @Override
    public void check(String value) {
      if (!value.isEmpty()) {
        ValueConverters.absolutePath(value);
      }
    }
  }

  /** A socket path the kernel can bind and connect to. */
  static final class SocketPath implements ConfigKey.Check<String> {
    @Override
    public void check(String value) {
      int bytes = value.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_SOCKET_PATH_BYTES) {
        throw new IllegalArgumentException(
            "path is "
                + bytes
                + " bytes long; a Unix socket"
                + " path has at most "
                + MAX_SOCKET_PATH_BYTES);
      }
    }
  }

  /** Path globs as {@code FileSystem.getPathMatcher("glob:...")} reads them. */
  static final class Globs implements ConfigKey.Check<List<String>> {
    @Override
    public void check(List<String> globs) {
      for (String glob : globs) {
        try {
          FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(
              "\"" + printable(glob) + "\" is not a glob: " + printable(e.getDescription()));
        }
      }
    }
  }

  /**
   * Empty (off), {@code fd:N} (a descriptor the service manager opened; whether it is open is
   * checked when the daemon starts), or an absolute path of a file.
   */
  static final class UsageLogTarget implements ConfigKey.Check<String> {
    @Override
    public void check(String value) {
      if (value.isEmpty()) {
        return;
      }
      if (value.startsWith("fd:")) {
        String n = value.substring(3);
        if (!n.matches("[0-9]{1,9}")) {
          throw new IllegalArgumentException(
              "\"" + printable(value) + "\" is not fd:N with N a descriptor number");
        }
        return;
      }
      ValueConverters.absolutePath(value);
      if (Path.of(value).getFileName() == null) {
        throw new IllegalArgumentException("\"" + printable(value) + "\" names no file");
      }
      // whether its directory exists is the running daemon's to see: a file system mounted later
      // at boot must not make the configuration invalid (telempostd warns and counts lost lines)
    }
  }

  /** Empty (off), or where an HTTP endpoint listens: an IP address or localhost, and a port. */
  static final class Listen implements ConfigKey.Check<String> {
    @Override
    public void check(String value) {
      if (!value.isBlank()) {
        ListenAddress.parse(printable(value.strip()));
      }
    }
  }

  /** Allow-list globs of the classification label (see {@code ClassificationLabels}). */
  static final class ClassificationGlobs implements ConfigKey.Check<String> {
    @Override
    public void check(String value) {
      ClassificationLabels.parse(value);
    }
  }

  /** Text for a one-line message: control characters written as {@code \r}, {@code \x1b}. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}

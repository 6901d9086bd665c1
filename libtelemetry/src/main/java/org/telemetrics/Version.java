package org.telemetrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The version every program prints for {@code --version}, as {@code <program> <version>}. The
 * number is the Maven project version, written into a resource at build time: one small read, no
 * manifest parsing, so a probe's start-up stays short.
 */
public final class Version {
  /** What a build whose resources were not filtered (an IDE's own build) reports. */
  static final String DEVELOPMENT = "development";

  private static final String RESOURCE = "version.txt";

  private Version() {}

  /** The project version, e.g. {@code 0.1.0}; the resource is read at the first call only. */
  public static String number() {
    return Cached.VALUE;
  }

  /** A lazy holder: a program that never prints or sends the version never reads the resource. */
  private static final class Cached {
    static final String VALUE = read();
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return DEVELOPMENT;
      }
      String v = new String(in.readNBytes(64), StandardCharsets.UTF_8).strip();
      return v.isEmpty() || v.startsWith("${") ? DEVELOPMENT : v;
    } catch (IOException e) {
      return DEVELOPMENT;
    }
  }

  /** The {@code --version} line of {@code program}. */
  public static String line(String program) {
    return program + " " + number();
  }
}

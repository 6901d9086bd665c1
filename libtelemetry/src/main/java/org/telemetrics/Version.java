package org.telemetrics;

/**
 * The version every program prints for {@code --version}, as {@code <program> <version>}. The
 * number is the Maven project version, compiled in as a constant ({@link BuildVersion}): no
 * resource or manifest is read, so a short-lived program's start-up stays short.
 */
public final class Version {
  /** What a build whose sources were not filtered (an IDE's own build) reports. */
  static final String DEVELOPMENT = "development";

  private Version() {}

  /** The project version, e.g. {@code 0.1.0}. */
  public static String number() {
    return of(BuildVersion.NUMBER);
  }

  /** {@code built}, or {@link #DEVELOPMENT} if the build left the template's placeholder. */
  static String of(String built) {
    String v = built.strip();
    return v.isEmpty() || v.startsWith("${") ? DEVELOPMENT : v;
  }

  /** The {@code --version} line of {@code program}. */
  public static String line(String program) {
    return program.concat(" ").concat(number());
  }
}

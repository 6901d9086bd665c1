package org.telemetrics.testing;

import java.io.IOException;
import java.io.InputStream;

/**
 * The vectors captured from the C client (wire frames, staged files, an HTTP post), kept once in
 * this module's test resources under {@code vectors/} and read from the classpath by every module's
 * tests, so a vector never drifts between copies.
 */
public final class GoldenVectors {
  private GoldenVectors() {}

  /** The bytes of {@code vectors/<name>}, for example {@code wire/c-frame-392.bin}. */
  public static byte[] bytes(String name) throws IOException {
    try (InputStream in = GoldenVectors.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IOException("missing golden vector vectors/" + name);
      }
      return in.readAllBytes();
    }
  }
}

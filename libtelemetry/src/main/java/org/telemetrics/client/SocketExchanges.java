package org.telemetrics.client;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Chooses how this process talks to telemprobd: through our JNI library when the system property
 * {@value #LIBRARY_PROPERTY} names it (the launchers in {@code bin/} do), else through the JDK's
 * channels. A library that cannot be loaded (missing, or built for another machine) is not an
 * error: the JDK's channels do the same job, only slower to set up.
 */
final class SocketExchanges {
  static final String LIBRARY_PROPERTY = "telemetrics.native.library";

  private SocketExchanges() {}

  /** The exchange of this process, chosen on first use. */
  static SocketExchange chosen() {
    return Chosen.EXCHANGE;
  }

  /** The exchange for a library path (null or empty: none). */
  static SocketExchange choose(String library) {
    if (library != null && !library.isEmpty()) {
      try {
        return NativeSocketExchange.load(Path.of(library));
      } catch (UnsatisfiedLinkError | InvalidPathException e) {
        // fall through to the JDK's channels
      }
    }
    return new JdkSocketExchange();
  }

  private static final class Chosen {
    static final SocketExchange EXCHANGE = choose(System.getProperty(LIBRARY_PROPERTY));
  }
}

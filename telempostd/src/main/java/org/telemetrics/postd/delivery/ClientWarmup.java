package org.telemetrics.postd.delivery;

import java.time.Clock;
import org.telemetrics.log.Log;
import org.telemetrics.postd.PostdSettings;

/**
 * Builds, as the daemon starts, an HTTP client like the one its senders build on the first
 * delivery, and closes it unused. The first client of a process reads the platform's trust store
 * and parses its certificates (even for a plain http server: OkHttp sets up TLS for every client),
 * 70-140 ms of CPU in a fresh JVM; the JDK keeps the parsed certificates, so the senders' own
 * client then takes about a millisecond. Path activation starts telempostd when records are
 * waiting: done on a thread of its own, this work overlaps the rest of the start instead of
 * delaying the first delivery. It sends nothing; what it cannot set up (a bad {@code cainfo}) is
 * left to the senders, which report it as always.
 */
public final class ClientWarmup {
  private ClientWarmup() {}

  /** Starts the warm-up on a daemon thread and returns it. */
  public static Thread start(PostdSettings settings, Clock clock, Log log) {
    Thread t = new Thread(() -> run(settings, clock, log), "client-warm-up");
    t.setDaemon(true);
    t.start();
    return t;
  }

  static void run(PostdSettings settings, Clock clock, Log log) {
    try (HttpPoster unused = new HttpPoster(settings, clock)) {
      log.debug("HTTP client set up ahead of the first delivery");
    } catch (Exception | LinkageError e) {
      log.debug("HTTP client not set up ahead (the senders try again): " + e);
    }
  }
}

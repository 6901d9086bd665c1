package org.telemetrics.postd;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.log.Log;
import org.telemetrics.postd.delivery.HttpPoster;
import org.telemetrics.postd.delivery.OutageGate;
import org.telemetrics.postd.delivery.Outcome;
import org.telemetrics.spool.SpoolEntry;

/**
 * The senders' {@link HttpPoster}, made when the first record is due: an idle daemon loads no HTTP
 * or TLS classes. With a CA file or client certificate it is made at start, so their problems show
 * then. A client that cannot be set up is an outage: sending pauses and it is tried again later.
 */
final class LazyPoster implements AutoCloseable {
  private final PostdSettings settings;
  private final TimeSource time;
  private final OutageGate outage;
  private final LogThrottle throttle;
  private HttpPoster poster; // made on first use: an idle daemon loads no HTTP or TLS classes

  LazyPoster(PostdSettings settings, TimeSource time, OutageGate outage, LogThrottle throttle)
      throws IOException, GeneralSecurityException {
    this.settings = settings;
    this.time = time;
    this.outage = outage;
    this.throttle = throttle;
    if (settings.caInfo().isPresent() || settings.clientCert().isPresent()) {
      this.poster = new HttpPoster(settings, time.wall()); // certificate problems show at start
    }
  }

  /**
   * Whether there is a poster, made now if the server may be tried; false when it may not, or when
   * the poster cannot be made (then sending pauses as for an outage).
   */
  boolean ready(int inFlight) {
    if (poster != null) {
      return true;
    }
    long now = time.millis();
    if (!outage.mayStart(now, inFlight)) {
      return false;
    }
    try {
      poster = new HttpPoster(settings, time.wall());
      return true;
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      // like a server that cannot be reached: sending pauses and is tried again later
      long pause =
          outage.failed(
              new Outcome.Transient(
                  "cannot set up the HTTP client: " + e.getMessage(), true, Optional.empty()),
              now);
      throttle.log(
          Log.Level.ERROR,
          "http-client",
          "cannot set up the HTTP client: "
              + e.getMessage()
              + "; trying again in "
              + Math.max(pause, 0)
              + " ms or more");
      return false;
    }
  }

  /** Posts one request; only called after {@link #ready} said yes. */
  Outcome post(List<SpoolEntry> entries) {
    return poster.post(entries);
  }

  @Override
  public void close() {
    if (poster != null) {
      poster.close();
    }
  }
}

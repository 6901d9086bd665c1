package org.telemetrics.postd.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@link OutageGate} per server, so that an outage or a Retry-After of one server pauses only
 * what goes to it. A server is the scheme, host and port of its URL: two paths on one collector
 * share its pause. telempostd sends to one {@code server} today; the pause is still kept by server
 * so a second destination (another format, a loss report elsewhere) cannot be held back by the
 * first one's Retry-After. Thread-safe; no I/O.
 */
public final class OutageGates {
  private final RetryPolicy policy;
  private final Map<String, OutageGate> byServer = new HashMap<>();

  public OutageGates(RetryPolicy policy) {
    this.policy = policy;
  }

  /** The gate of the server {@code url} points at, made on first use. */
  public synchronized OutageGate of(String url) {
    return byServer.computeIfAbsent(serverOf(url), k -> new OutageGate(policy));
  }

  /**
   * {@code scheme://host:port}, lower case, with the scheme's default port filled in; a URL that
   * does not parse is its own server (sending to it fails anyway, and pauses only it).
   */
  static String serverOf(String url) {
    try {
      URI u = new URI(url.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (u.getHost() == null) {
        return url;
      }
      int port =
          u.getPort() >= 0
              ? u.getPort()
              : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
      return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    } catch (URISyntaxException e) {
      return url;
    }
  }
}

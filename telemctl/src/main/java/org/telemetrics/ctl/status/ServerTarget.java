package org.telemetrics.ctl.status;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;

/**
 * Where records go: the configured server without what may be a credential (user info, query), and
 * whether delivery is on.
 */
record ServerTarget(Optional<String> url, boolean deliveryEnabled) {
  static ServerTarget of(TelemetryConfig config) {
    String server = config.get(ConfigKeys.SERVER).strip();
    boolean enabled = config.get(ConfigKeys.RECORD_SERVER_DELIVERY_ENABLED);
    return new ServerTarget(
        server.isEmpty() ? Optional.empty() : Optional.of(shown(server)), enabled);
  }

  /** scheme://host[:port]/path; a value that is not a URL shows only that it is set. */
  private static String shown(String server) {
    try {
      URI u = new URI(server);
      if (u.getScheme() == null || u.getHost() == null) {
        return "(set, not a URL)";
      }
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null)
          .toString();
    } catch (URISyntaxException e) {
      return "(set, not a URL)";
    }
  }

  boolean configured() {
    return url.isPresent();
  }

  String describe() {
    if (url.isEmpty()) {
      return "none configured (records stay in the spool)";
    }
    return url.get() + (deliveryEnabled ? "" : " (delivery off: record_server_delivery_enabled)");
  }
}

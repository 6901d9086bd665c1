package org.telemetrics.ctl.report;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;

/**
 * What the report says about collection: the server's host (never its path or query, which may hold
 * a credential), when the machine was opted in (the opt-in file's modification time), and whether
 * payload copies are kept locally.
 */
record CollectionFacts(
    Optional<String> serverHost,
    boolean deliveryEnabled,
    Optional<Instant> optedInSince,
    boolean retention,
    Path retentionDir) {

  static CollectionFacts of(TelemetryConfig config) {
    Path optIn = config.path(ConfigKeys.OPT_IN_FILE);
    Optional<Instant> since;
    try {
      since = Optional.of(Files.getLastModifiedTime(optIn).toInstant());
    } catch (IOException e) {
      since = Optional.empty(); // not opted in (or not readable: shown the same way)
    }
    return new CollectionFacts(
        host(config.get(ConfigKeys.SERVER).strip()),
        config.get(ConfigKeys.RECORD_SERVER_DELIVERY_ENABLED),
        since,
        config.get(ConfigKeys.RECORD_RETENTION_ENABLED),
        config.path(ConfigKeys.RECORD_RETENTION_DIR));
  }

  private static Optional<String> host(String server) {
    if (server.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(new URI(server).getHost());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}

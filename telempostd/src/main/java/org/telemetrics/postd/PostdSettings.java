package org.telemetrics.postd;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.http.HttpRecordFormat;
import org.telemetrics.postd.otlp.OtlpSettings;
import org.telemetrics.postd.ratelimit.RateLimiter;
import org.telemetrics.postd.usage.UsageSettings;
import org.telemetrics.status.ClassificationLabels;

/** Everything telempostd reads from the configuration, checked and typed once at start. */
public record PostdSettings(
    Layout layout,
    String server,
    HttpRecordFormat.Kind format,
    String tidHeader,
    Optional<Path> caInfo,
    Optional<Path> clientCert,
    Optional<Path> clientKey,
    Optional<URI> proxy,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    int parallelism,
    Duration retryInitial,
    Duration retryMax,
    int retryMaxAttempts,
    RateLimiter.Settings rateLimit,
    boolean dropWhenRateLimited,
    long spoolMaxBytes,
    boolean dropOldestWhenFull,
    int keepFreePercent,
    long recordExpirySeconds,
    int journalLimit,
    boolean retention,
    boolean serverDelivery,
    int deadLetterLimit,
    boolean recycling,
    Duration idleExit,
    Duration rescanInterval,
    Path statusFile,
    ClassificationLabels classificationLabels,
    UsageSettings usage,
    List<HttpRecordFormat.HttpHeader> postHeaders,
    OtlpSettings otlp) {

  public PostdSettings {
    postHeaders = List.copyOf(postHeaders);
  }

  /**
   * The settings of a configuration {@code ConfigLoader} checked, which names the file and line of
   * a bad tidheader, proxy or post_format; the IllegalArgumentException here is a broken
   * precondition (a configuration built around the loader), not bad input.
   */
  public static PostdSettings from(TelemetryConfig c) {
    String tid = c.get(ConfigKeys.TIDHEADER);
    HttpRecordFormat.parseHeaderLine(tid); // fails early on a line without "name:"
    String proxy = c.get(ConfigKeys.PROXY).strip();
    Optional<URI> proxyUri = Optional.empty();
    if (!proxy.isEmpty()) {
      URI uri = URI.create(proxy);
      if (uri.getHost() == null || uri.getPort() < 0) {
        throw new IllegalArgumentException("proxy must be http://host:port; got " + proxy);
      }
      proxyUri = Optional.of(uri);
    }
    long maxKib = c.get(ConfigKeys.SPOOL_MAX_SIZE);
    return new PostdSettings(
        c.layout(),
        c.get(ConfigKeys.SERVER).strip(),
        HttpRecordFormat.Kind.parse(c.get(ConfigKeys.POST_FORMAT)),
        tid,
        optionalPath(c.get(ConfigKeys.CAINFO)),
        optionalPath(c.get(ConfigKeys.CLIENT_CERT)),
        optionalPath(c.get(ConfigKeys.CLIENT_KEY)),
        proxyUri,
        Duration.ofMillis(c.get(ConfigKeys.POST_CONNECT_TIMEOUT_MS)),
        Duration.ofMillis(c.get(ConfigKeys.POST_READ_TIMEOUT_MS)),
        Duration.ofMillis(c.get(ConfigKeys.POST_CALL_TIMEOUT_MS)),
        c.get(ConfigKeys.POST_PARALLELISM).intValue(),
        Duration.ofMillis(c.get(ConfigKeys.RETRY_INITIAL_DELAY_MS)),
        Duration.ofMillis(c.get(ConfigKeys.RETRY_MAX_DELAY_MS)),
        c.get(ConfigKeys.RETRY_MAX_ATTEMPTS).intValue(),
        new RateLimiter.Settings(
            c.get(ConfigKeys.RATE_LIMIT_ENABLED),
            c.get(ConfigKeys.RECORD_BURST_LIMIT),
            c.get(ConfigKeys.RECORD_WINDOW_LENGTH).intValue(),
            c.get(ConfigKeys.BYTE_BURST_LIMIT),
            c.get(ConfigKeys.BYTE_WINDOW_LENGTH).intValue()),
        c.get(ConfigKeys.RATE_LIMIT_STRATEGY).equals("drop"),
        maxKib < 0 ? -1 : maxKib * 1024,
        c.get(ConfigKeys.SPOOL_FULL_POLICY).equals("drop-oldest"),
        c.get(ConfigKeys.SPOOL_KEEP_FREE).intValue(),
        c.get(ConfigKeys.RECORD_EXPIRY) * 60,
        c.get(ConfigKeys.JOURNAL_LIMIT).intValue(),
        c.get(ConfigKeys.RECORD_RETENTION_ENABLED),
        c.get(ConfigKeys.RECORD_SERVER_DELIVERY_ENABLED),
        c.get(ConfigKeys.DEAD_LETTER_LIMIT).intValue(),
        c.get(ConfigKeys.DAEMON_RECYCLING_ENABLED),
        Duration.ofSeconds(c.get(ConfigKeys.POSTD_IDLE_EXIT_TIME)),
        Duration.ofSeconds(c.get(ConfigKeys.SPOOL_PROCESS_TIME)),
        c.path(ConfigKeys.POSTD_STATUS_FILE),
        ClassificationLabels.parse(c.get(ConfigKeys.METRICS_CLASSIFICATIONS)),
        UsageSettings.from(c),
        HttpRecordFormat.parseHeaderLines(c.get(ConfigKeys.POST_HEADERS)),
        OtlpSettings.from(c));
  }

  private static Optional<Path> optionalPath(String value) {
    String v = value.strip();
    return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
  }
}

package org.telemetrics.benchmarks.fleet;

import java.time.Duration;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.http.HttpRecordFormat;
import org.telemetrics.postd.ratelimit.RateLimiter;

/**
 * What of telempostd's configuration shapes the requests a machine makes, with the defaults of the
 * config key table (what the package ships: etc/telemetrics.conf sets none of these), so the
 * simulation follows a changed default without being edited.
 *
 * @param batchRecords records per request: {@code otlp_batch_records} with otlp, 1 with headers and
 *     json (one record per request)
 * @param quotaBytes {@code spool_max_size} in bytes, -1 for unlimited
 */
record DeliverySettings(
    HttpRecordFormat.Kind format,
    int parallelism,
    int batchRecords,
    long batchBytes,
    long quotaBytes,
    boolean dropOldest,
    long expirySeconds,
    RateLimiter.Settings limits,
    boolean dropWhenRateLimited,
    Duration retryInitial,
    Duration retryMax,
    int maxAttempts,
    long rescanMillis,
    long idleExitMillis) {

  /** The shipped defaults for {@code post_format} = {@code format}. */
  static DeliverySettings shipped(HttpRecordFormat.Kind format) {
    boolean otlp = format == HttpRecordFormat.Kind.OTLP;
    long quotaKib = ConfigKeys.SPOOL_MAX_SIZE.defaultValue();
    return new DeliverySettings(
        format,
        ConfigKeys.POST_PARALLELISM.defaultValue().intValue(),
        otlp ? ConfigKeys.OTLP_BATCH_RECORDS.defaultValue().intValue() : 1,
        otlp ? ConfigKeys.OTLP_BATCH_BYTES.defaultValue() : Long.MAX_VALUE,
        quotaKib < 0 ? -1 : quotaKib * 1024,
        ConfigKeys.SPOOL_FULL_POLICY.defaultValue().equals("drop-oldest"),
        ConfigKeys.RECORD_EXPIRY.defaultValue() * 60,
        new RateLimiter.Settings(
            ConfigKeys.RATE_LIMIT_ENABLED.defaultValue(),
            ConfigKeys.RECORD_BURST_LIMIT.defaultValue(),
            ConfigKeys.RECORD_WINDOW_LENGTH.defaultValue().intValue(),
            ConfigKeys.BYTE_BURST_LIMIT.defaultValue(),
            ConfigKeys.BYTE_WINDOW_LENGTH.defaultValue().intValue()),
        ConfigKeys.RATE_LIMIT_STRATEGY.defaultValue().equals("drop"),
        Duration.ofMillis(ConfigKeys.RETRY_INITIAL_DELAY_MS.defaultValue()),
        Duration.ofMillis(ConfigKeys.RETRY_MAX_DELAY_MS.defaultValue()),
        ConfigKeys.RETRY_MAX_ATTEMPTS.defaultValue().intValue(),
        ConfigKeys.SPOOL_PROCESS_TIME.defaultValue() * 1000,
        ConfigKeys.POSTD_IDLE_EXIT_TIME.defaultValue() * 1000);
  }
}

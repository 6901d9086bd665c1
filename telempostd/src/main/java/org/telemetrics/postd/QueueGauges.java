package org.telemetrics.postd;

import java.util.OptionalLong;
import org.telemetrics.postd.ratelimit.RateLimiter;
import org.telemetrics.postd.spool.Spool;
import org.telemetrics.status.DaemonStatus;

/**
 * The queue's gauges at one moment, as the status file shows them. None of them moves with the
 * clock alone (the rate-limit budget at most once a minute, as its windows slide), so comparing two
 * snapshots tells whether the file needs writing.
 *
 * @param records records queued (in flight included)
 * @param bytes bytes of their queue files, what {@code spool_max_size} counts
 * @param quotaBytes {@code spool_max_size} in bytes; -1 when unlimited
 * @param oldestAckMillis when telemprobd acknowledged the oldest of them; empty when none
 * @param retriesPending those that failed and wait for a retry
 * @param recordsLeft, bytesLeft what the rate-limit windows still allow; empty when off
 */
record QueueGauges(
    int records,
    long bytes,
    long quotaBytes,
    OptionalLong oldestAckMillis,
    int retriesPending,
    OptionalLong recordsLeft,
    OptionalLong bytesLeft) {

  /** Just a queue size: no quota, nothing failed, no rate limit. */
  QueueGauges(int records, long bytes) {
    this(records, bytes, -1, OptionalLong.empty(), 0, OptionalLong.empty(), OptionalLong.empty());
  }

  static QueueGauges of(Spool spool, long quotaBytes, RateLimiter limiter) {
    return new QueueGauges(
        spool.size(),
        spool.usedBytes(),
        quotaBytes,
        spool.oldestAcknowledgedMillis(),
        spool.retriesPending(),
        limiter.recordsLeft(),
        limiter.bytesLeft());
  }

  /** {@code status} with these gauges; one without a value is left out. */
  DaemonStatus addTo(DaemonStatus status) {
    DaemonStatus s =
        status
            .with("queued", records)
            .with("queued_bytes", bytes)
            .with("spool_used_bytes", bytes)
            .with("retries_pending", retriesPending);
    if (quotaBytes >= 0) {
      s = s.with("spool_quota_bytes", quotaBytes);
    }
    s = with(s, "oldest_queued_ms", oldestAckMillis);
    s = with(s, "rate_limit_records_left", recordsLeft);
    return with(s, "rate_limit_bytes_left", bytesLeft);
  }

  private static DaemonStatus with(DaemonStatus s, String key, OptionalLong value) {
    return value.isPresent() ? s.with(key, value.getAsLong()) : s;
  }
}

package org.telemetrics.postd;

import java.util.concurrent.atomic.AtomicLong;
import org.telemetrics.spool.disk.DropReason;
import org.telemetrics.status.ClassificationLabels;

/** What telempostd did since it started; logged periodically and at exit. */
public final class Counters {
  /** Attempts, dead letters by status, deliveries by label and their latency. */
  public final DeliveryMetrics delivery;

  public final AtomicLong taken = new AtomicLong();
  public final AtomicLong delivered = new AtomicLong();
  public final AtomicLong retried = new AtomicLong();

  /** OTLP requests whose partial success sent their records again one by one. */
  public final AtomicLong otlpIsolations = new AtomicLong();

  public final AtomicLong deadLettered = new AtomicLong();
  public final AtomicLong quarantined = new AtomicLong();
  public final AtomicLong localOnly = new AtomicLong();
  public final AtomicLong droppedExpired = new AtomicLong();
  public final AtomicLong droppedSpoolFull = new AtomicLong();
  public final AtomicLong droppedDiskFull = new AtomicLong();
  public final AtomicLong droppedRateLimit = new AtomicLong();
  public final AtomicLong duplicates = new AtomicLong();

  public volatile long lastDeliveryMillis;
  public volatile String lastDeliveryId = "";
  public volatile long lastErrorMillis;
  public volatile String lastError = "";

  /** Every classification counted as {@code other}. */
  public Counters() {
    this(ClassificationLabels.parse(""));
  }

  public Counters(ClassificationLabels labels) {
    this.delivery = new DeliveryMetrics(labels);
  }

  public void delivered(String recordId, long nowMillis) {
    delivered.incrementAndGet();
    lastDeliveryId = recordId;
    lastDeliveryMillis = nowMillis;
  }

  public void error(String message, long nowMillis) {
    lastError = message;
    lastErrorMillis = nowMillis;
  }

  public long droppedTotal() {
    return droppedExpired.get()
        + droppedSpoolFull.get()
        + droppedDiskFull.get()
        + droppedRateLimit.get();
  }

  /** The count of drops for {@code reason}; quarantined files have their own count. */
  /** Records settled so far, however they ended. */
  public long settledTotal() {
    return delivered.get() + deadLettered.get() + localOnly.get() + droppedTotal();
  }

  public AtomicLong dropped(DropReason reason) {
    return switch (reason) {
      case EXPIRED -> droppedExpired;
      case SPOOL_FULL -> droppedSpoolFull;
      case DISK_FULL -> droppedDiskFull;
      case RATE_LIMIT -> droppedRateLimit;
      case QUARANTINED -> quarantined;
    };
  }

  public String summary() {
    return "taken="
        + taken
        + " delivered="
        + delivered
        + " retried="
        + retried
        + " otlp-isolations="
        + otlpIsolations
        + " dead-lettered="
        + deadLettered
        + " quarantined="
        + quarantined
        + " local-only="
        + localOnly
        + " dropped(expired="
        + droppedExpired
        + " spool-full="
        + droppedSpoolFull
        + " disk-full="
        + droppedDiskFull
        + " rate-limit="
        + droppedRateLimit
        + ") duplicates="
        + duplicates;
  }
}

package org.telemetrics.postd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.http.HttpRecordFormat;
import org.telemetrics.postd.delivery.OutageGate;
import org.telemetrics.postd.ratelimit.RateLimiter;
import org.telemetrics.postd.spool.QueuedRecord;
import org.telemetrics.postd.spool.RetryState;
import org.telemetrics.postd.spool.Spool;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.disk.DropReason;

/**
 * Which due records a sender sends next: one that the server's state and the rate limit allow, and
 * with {@code post_format=otlp} the records due after it, up to {@code otlp_batch_records} and
 * {@code otlp_batch_bytes}. A record that must go alone ({@link RetryState#alone()}) is sent in a
 * request of its own.
 */
final class DueRecordPicker {
  private final PostdSettings settings;
  private final Spool spool;
  private final TimeSource time;
  private final OutageGate outage;
  private final RateLimiter limiter;
  private final IntSupplier inFlight;
  private final BooleanSupplier stopping;

  DueRecordPicker(
      PostdSettings settings,
      Spool spool,
      TimeSource time,
      OutageGate outage,
      RateLimiter limiter,
      IntSupplier inFlight,
      BooleanSupplier stopping) {
    this.settings = settings;
    this.spool = spool;
    this.time = time;
    this.outage = outage;
    this.limiter = limiter;
    this.inFlight = inFlight;
    this.stopping = stopping;
  }

  /** A record to send now, with its rate-limit permit. */
  record Send(QueuedRecord record, RateLimiter.Permit permit) {}

  /**
   * The next record that may be sent now, dropping expired and (by strategy) rate-limited ones on
   * the way; null when none may. Called by the loop and by senders between two sends.
   */
  Send nextSend() throws IOException {
    while (true) {
      long now = time.millis();
      if (!outage.mayStart(now, inFlight.getAsInt())) {
        return null;
      }
      QueuedRecord r = spool.takeDue(now);
      if (r == null) {
        return null;
      }
      if (spool.expired(r)) {
        drop(r, DropReason.EXPIRED);
        continue;
      }
      RateLimiter.Permit permit = limiter.tryAcquire(r.recordBytes());
      if (permit == null) {
        if (settings.dropWhenRateLimited()) {
          drop(r, DropReason.RATE_LIMIT);
        } else {
          spool.postpone(r, now + limiter.nanosToNextMinute() / 1_000_000 + 1);
        }
        continue;
      }
      return new Send(r, permit);
    }
  }

  private void drop(QueuedRecord r, DropReason reason) throws IOException {
    SpoolEntry e = spool.read(r);
    if (e != null) {
      spool.drop(r, e, reason);
    }
  }

  /**
   * {@code first} and, with otlp, the records due after it, as many as one request may hold; a
   * record that would pass the byte bound goes back in line (first in the next request), and so do
   * records that must go alone (passed over, at most as many as a request holds).
   */
  List<Send> batchFrom(Send first) throws IOException {
    List<Send> batch = new ArrayList<>();
    batch.add(first);
    if (settings.format() != HttpRecordFormat.Kind.OTLP || first.record().retry().alone()) {
      return batch;
    }
    List<Send> passedOver = new ArrayList<>();
    try {
      long bytes = first.record().recordBytes();
      while (batch.size() < settings.otlp().batchRecords()
          && passedOver.size() < settings.otlp().batchRecords()
          && !stopping.getAsBoolean()) {
        Send next = nextSend();
        if (next == null) {
          break;
        }
        if (next.record().retry().alone()) {
          passedOver.add(next);
          continue;
        }
        if (bytes + next.record().recordBytes() > settings.otlp().batchBytes()) {
          passedOver.add(next);
          break;
        }
        bytes += next.record().recordBytes();
        batch.add(next);
      }
    } finally {
      for (Send s : passedOver) {
        spool.untake(s.record());
        limiter.release(s.permit());
      }
    }
    return batch;
  }
}

package org.telemetrics.postd.spool;

import org.telemetrics.spool.SpoolEntry;

/**
 * What the scheduler keeps in memory about one record in {@code queue/}: enough to order, limit and
 * expire it without reading the file, and where in its file it is. The record itself is read again
 * when it is sent.
 */
public final class QueuedRecord {
  final String id;

  /** Its file and where its entry starts there (both change when it is split out: Spool). */
  QueueFile file;

  int offset;
  final int fileBytes;
  final long recordBytes;
  final long receivedAtMillis;
  final long createdEpochSeconds;

  /** When it expires, on the monotonic clock (RecordExpiry). */
  final long expiresAtNanos;

  RetryState retry;
  boolean inFlight;

  /** Postponed at least once (rate limit, outage) or failed: not a first-try settlement. */
  volatile boolean heldBack;

  /** Epoch milliseconds when it was last read for an attempt (the usage account's waiting). */
  volatile long lastReadMillis;

  /** The record as decoded at intake, kept until it is first sent (see Spool.CACHE_BYTES). */
  SpoolEntry cached;

  QueuedRecord(
      String id,
      QueueFile file,
      int offset,
      int fileBytes,
      long recordBytes,
      long receivedAtMillis,
      long createdEpochSeconds,
      long expiresAtNanos,
      RetryState retry) {
    this.id = id;
    this.file = file;
    this.offset = offset;
    this.fileBytes = fileBytes;
    this.recordBytes = recordBytes;
    this.receivedAtMillis = receivedAtMillis;
    this.createdEpochSeconds = createdEpochSeconds;
    this.expiresAtNanos = expiresAtNanos;
    this.retry = retry;
  }

  public String id() {
    return id;
  }

  /** Bytes of the record itself (headers and payload), what the byte rate limit counts. */
  public long recordBytes() {
    return recordBytes;
  }

  public long createdEpochSeconds() {
    return createdEpochSeconds;
  }

  public synchronized RetryState retry() {
    return retry;
  }
}

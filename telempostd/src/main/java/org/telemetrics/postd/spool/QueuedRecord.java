package org.telemetrics.postd.spool;

import java.nio.file.Path;

/**
 * What the scheduler keeps in memory about one record in {@code queue/}: enough to order, limit
 * and expire it without reading the file. The record itself is read again when it is sent.
 */
public final class QueuedRecord {
  final String id;
  final Path file;
  final long fileBytes;
  final long recordBytes;
  final long receivedAtMillis;
  final long createdEpochSeconds;
  RetryState retry;
  boolean inFlight;

  QueuedRecord(String id, Path file, long fileBytes, long recordBytes, long receivedAtMillis,
      long createdEpochSeconds, RetryState retry) {
    this.id = id;
    this.file = file;
    this.fileBytes = fileBytes;
    this.recordBytes = recordBytes;
    this.receivedAtMillis = receivedAtMillis;
    this.createdEpochSeconds = createdEpochSeconds;
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

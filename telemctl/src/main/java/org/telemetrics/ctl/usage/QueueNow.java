package org.telemetrics.ctl.usage;

import java.util.OptionalLong;

/**
 * The {@code current} row: what telempostd had queued when it last wrote it ({@code updated},
 * seconds since the epoch; empty when the writer has not written the row yet).
 */
public record QueueNow(
    long recordsQueued,
    long bytesQueued,
    long inFlight,
    double oldestQueuedAgeSeconds,
    OptionalLong updated) {
  public static final QueueNow NONE = new QueueNow(0, 0, 0, 0, OptionalLong.empty());
}

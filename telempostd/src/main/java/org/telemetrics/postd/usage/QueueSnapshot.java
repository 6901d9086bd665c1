package org.telemetrics.postd.usage;

import org.telemetrics.usage.UsageBlur;

/** The queue now, for the {@code current} table; blurred like the rows. */
public record QueueSnapshot(
    long recordsQueued, long bytesQueued, long inFlight, double oldestQueuedAge, long updated) {
  QueueSnapshot blurred(UsageBlur blur) {
    return new QueueSnapshot(
        recordsQueued,
        blur.bytes(bytesQueued),
        inFlight,
        blur.duration(oldestQueuedAge),
        blur.time(updated));
  }
}

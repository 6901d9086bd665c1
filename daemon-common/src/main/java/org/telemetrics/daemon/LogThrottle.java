package org.telemetrics.daemon;

import java.util.HashMap;
import java.util.Map;
import org.telemetrics.log.Log;

/**
 * Logs a kind of trouble at most once per interval, saying how often it happened meanwhile, so a
 * fault that repeats for every record or every attempt (a full disk, a broken configuration) cannot
 * flood the journal.
 */
public final class LogThrottle {
  private final Log log;
  private final TimeSource time;
  private final long intervalNanos;
  private final Map<String, long[]> lastByKind = new HashMap<>();

  public LogThrottle(Log log, TimeSource time, long intervalNanos) {
    this.log = log;
    this.time = time;
    this.intervalNanos = intervalNanos;
  }

  /** Logs {@code message} unless {@code kind} was logged less than an interval ago. */
  public synchronized boolean log(Log.Level level, String kind, String message) {
    long now = time.nanos();
    long[] last = lastByKind.get(kind); // {logged at, suppressed since}
    if (last != null && now - last[0] < intervalNanos) {
      last[1]++;
      return false;
    }
    String suffix =
        last == null || last[1] == 0
            ? ""
            : " (" + last[1] + " more like this since the last such line)";
    lastByKind.put(kind, new long[] {now, 0});
    log.log(level, message + suffix);
    return true;
  }
}

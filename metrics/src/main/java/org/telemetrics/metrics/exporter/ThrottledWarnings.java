package org.telemetrics.metrics.exporter;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Passes a warning on the first time it is seen and then at most once per {@code interval}, so a
 * damaged file scraped every few seconds is one line in the journal, not one per scrape. A
 * different message (another fault) is passed on at once.
 */
final class ThrottledWarnings {
  private final Clock clock;
  private final Duration interval;
  private final Consumer<String> sink;
  private final Object lock = new Object();

  /** message -> when it was last passed on; bounded by the few messages the readers make. */
  private final Map<String, Long> lastMillis = new HashMap<>();

  ThrottledWarnings(Clock clock, Duration interval, Consumer<String> sink) {
    this.clock = clock;
    this.interval = interval;
    this.sink = sink;
  }

  void warn(String message) {
    long now = clock.millis();
    synchronized (lock) {
      if (lastMillis.size() > 100) {
        lastMillis.clear(); // many distinct faults: forget, at the cost of repeating some
      }
      Long last = lastMillis.get(message);
      if (last != null && now - last < interval.toMillis()) {
        return;
      }
      lastMillis.put(message, now);
    }
    sink.accept(message);
  }
}

package org.telemetrics.status;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.telemetrics.files.FileErrors;

/**
 * Counters that stay monotonic across restarts and idle exits: a daemon loads the totals its last
 * status file held, adds what it counted since it started, and writes the sums back as {@code
 * <name>_total} keys with {@value #SINCE_MS}, the time the series began (a metric's {@code
 * _created}). Readers of metrics therefore need no running daemon.
 */
public final class CounterTotals {
  /** When the totals began: the first start, or the start after a damaged file. */
  public static final String SINCE_MS = "totals_since_ms";

  public static final String SUFFIX = "_total";

  private final Map<String, Long> base;
  private final long sinceMillis;

  private CounterTotals(Map<String, Long> base, long sinceMillis) {
    this.base = Map.copyOf(base);
    this.sinceMillis = sinceMillis;
  }

  /**
   * The totals of {@code statusFile}, or none (starting at {@code nowMillis}) where there is no
   * file yet. A damaged file is reported through {@code warn} (naming it) and the totals start
   * again: a counter reset that {@code _created} shows, rather than a daemon that does not start.
   */
  public static CounterTotals load(Path statusFile, long nowMillis, Consumer<String> warn) {
    DaemonStatus previous;
    try {
      previous = StatusFile.read(statusFile);
    } catch (NoSuchFileException e) {
      return new CounterTotals(Map.of(), nowMillis);
    } catch (IOException e) {
      warn.accept("counter totals start again from 0: " + FileErrors.describe(e));
      return new CounterTotals(Map.of(), nowMillis);
    }
    Map<String, Long> base = new LinkedHashMap<>();
    previous
        .values()
        .forEach(
            (key, value) -> {
              if (key.endsWith(SUFFIX)) {
                previous.getLong(key).ifPresent(v -> base.put(key, Math.max(0, v)));
              }
            });
    long since = previous.getLong(SINCE_MS).orElse(nowMillis);
    return new CounterTotals(base, since <= 0 ? nowMillis : since);
  }

  public long sinceMillis() {
    return sinceMillis;
  }

  /** The persisted total of {@code name} (without the suffix) before this run. */
  public long base(String name) {
    return base.getOrDefault(name + SUFFIX, 0L);
  }

  /**
   * {@code status} with every {@code counts} entry as {@code <name>_total} (its base plus the count
   * of this run) and {@value #SINCE_MS}. Totals of names not counted in this run are kept, so no
   * counter ever goes down.
   */
  public DaemonStatus addTo(DaemonStatus status, Map<String, Long> counts) {
    Map<String, Long> totals = new LinkedHashMap<>(base);
    counts.forEach((name, count) -> totals.put(name + SUFFIX, base(name) + count));
    DaemonStatus s = status.with(SINCE_MS, sinceMillis);
    for (Map.Entry<String, Long> e : totals.entrySet()) {
      s = s.with(e.getKey(), e.getValue());
    }
    return s;
  }
}

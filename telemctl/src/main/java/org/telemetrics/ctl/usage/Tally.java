package org.telemetrics.ctl.usage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settled records and their bytes, with a count per outcome (every outcome of the usage database,
 * in its order, zeros included, so a reader never has to guess a missing key).
 */
public record Tally(long records, long bytes, Map<String, Long> outcomes) {
  /** The outcomes of the usage database's schema, in the order they are shown. */
  public static final List<String> OUTCOMES =
      List.of("delivered", "dead_letter", "dropped", "expired", "local_only");

  public static final Tally ZERO = new Tally(0, 0, Map.of());

  public Tally {
    Map<String, Long> all = new LinkedHashMap<>();
    for (String o : OUTCOMES) {
      all.put(o, outcomes.getOrDefault(o, 0L));
    }
    outcomes.forEach(all::putIfAbsent); // an outcome a newer writer knows is shown, not lost
    outcomes = Collections.unmodifiableMap(all);
  }

  /** This tally with {@code records} of {@code outcome} added, of {@code bytes} in all. */
  public Tally plus(String outcome, long records, long bytes) {
    Map<String, Long> next = new LinkedHashMap<>(outcomes);
    next.merge(outcome, records, Long::sum);
    return new Tally(this.records + records, this.bytes + bytes, next);
  }

  public Tally plus(Tally other) {
    Tally sum = new Tally(records + other.records, bytes + other.bytes, outcomes);
    Map<String, Long> next = new LinkedHashMap<>(sum.outcomes);
    other.outcomes.forEach((k, v) -> next.merge(k, v, Long::sum));
    return new Tally(sum.records, sum.bytes, next);
  }

  public long outcome(String name) {
    return outcomes.getOrDefault(name, 0L);
  }
}

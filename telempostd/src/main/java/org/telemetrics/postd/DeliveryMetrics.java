package org.telemetrics.postd;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.telemetrics.postd.delivery.AttemptOutcome;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.status.LatencyHistogram;

/**
 * What the metrics count about delivery since telempostd started, under the names the status file
 * persists: attempts by how they ended, dead letters by the HTTP status that refused them,
 * deliveries by classification label (bounded by {@code metrics_classifications}) and the latency
 * from telemprobd's acknowledgement to the backend's 2xx. Thread-safe, no I/O, never throws on a
 * record's values: metrics must not stand in a record's way.
 */
public final class DeliveryMetrics {
  /** The histogram of {@code delivery_seconds}. */
  static final String LATENCY = "delivery_seconds";

  /** {@code dead_lettered_status_none}: no HTTP status was involved. */
  static final String NO_STATUS = "none";

  /** A status {@link #statusLabel} does not name: a server's own code, not worth a series each. */
  static final String OTHER_STATUS = "other";

  private final ClassificationLabels labels;
  private final Map<AttemptOutcome, AtomicLong> attempts = new EnumMap<>(AttemptOutcome.class);
  private final Map<String, AtomicLong> deadLettered = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> delivered = new ConcurrentHashMap<>();
  private final LatencyHistogram latency =
      new LatencyHistogram(LATENCY, LatencyHistogram.DELIVERY_BOUNDS);

  /** -1 before the first attempt, then 1 after an answer and 0 after none. */
  private volatile int reachable = -1;

  public DeliveryMetrics(ClassificationLabels labels) {
    this.labels = labels;
    for (AttemptOutcome a : AttemptOutcome.values()) {
      attempts.put(a, new AtomicLong());
    }
    for (String label : labels.labels()) {
      delivered.put(ClassificationLabels.statusKey("delivered", label), new AtomicLong());
    }
  }

  /** One HTTP attempt ended; one that never left telempostd is not an attempt. */
  public void attempted(AttemptOutcome outcome) {
    if (outcome == AttemptOutcome.NOT_SENT) {
      return;
    }
    attempts.get(outcome).incrementAndGet();
    reachable = outcome.answered() ? 1 : 0;
  }

  /** A 2xx for a record of {@code classification}, {@code latencyMillis} after its ack. */
  public void delivered(String classification, long latencyMillis) {
    String key = ClassificationLabels.statusKey("delivered", labels.labelOf(classification));
    delivered.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    latency.observeNanos(Math.max(0, latencyMillis) * 1_000_000L);
  }

  /** A record sent to the dead letters; {@code status} is the HTTP status that refused it. */
  public void deadLettered(Optional<Integer> status) {
    String key =
        "dead_lettered_status_" + status.map(DeliveryMetrics::statusLabel).orElse(NO_STATUS);
    deadLettered.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  /**
   * The registered statuses a server may refuse with (3xx, 400-431, 451, 500-511, and 200-206 for
   * an OTLP partial success) are named; any other code a server makes up counts as {@value
   * #OTHER_STATUS}, so a server cannot grow the status file (at most 16 KiB) or the label's series
   * without bound.
   */
  static String statusLabel(int status) {
    boolean named =
        status >= 200 && status <= 206
            || status >= 300 && status <= 308
            || status >= 400 && status <= 431
            || status == 451
            || status >= 500 && status <= 511;
    return named ? Integer.toString(status) : OTHER_STATUS;
  }

  /** {@code backend_reachable}: empty before the first attempt. */
  public OptionalInt backendReachable() {
    int r = reachable;
    return r < 0 ? OptionalInt.empty() : OptionalInt.of(r);
  }

  /** This run's counts under their persisted names (without {@code _total}), sorted. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    attempts.forEach(
        (a, n) -> {
          if (a != AttemptOutcome.NOT_SENT) {
            counts.put("attempts_" + a.label(), n.get());
          }
        });
    new TreeMap<>(deadLettered).forEach((k, n) -> counts.put(k, n.get()));
    new TreeMap<>(delivered).forEach((k, n) -> counts.put(k, n.get()));
    counts.putAll(latency.counts());
    return counts;
  }
}

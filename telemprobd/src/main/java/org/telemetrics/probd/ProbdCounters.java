package org.telemetrics.probd;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.status.LatencyHistogram;

/**
 * What telemprobd counted since it started, under the names {@code probd_status_file} persists them
 * by. Every method is a few atomic operations: counting never holds a record back.
 */
final class ProbdCounters {
  private final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);

  /**
   * Accepted records per classification label (the allow-list's globs and "other"). The total is
   * their sum, read from the same values, so that a write never shows a label ahead of the total:
   * "other", which readers derive as the total minus the globs, could go down.
   */
  private final Map<String, AtomicLong> acceptedByLabel = new ConcurrentHashMap<>();

  private final AtomicLong receivedBytes = new AtomicLong();
  private final AtomicLong connectionsRefused = new AtomicLong();
  private final AtomicLong connectionsOpen = new AtomicLong();

  /** Its count is the number of staging commits, so the two can never disagree. */
  private final LatencyHistogram commitSeconds =
      new LatencyHistogram("commit_seconds", LatencyHistogram.COMMIT_BOUNDS);

  ProbdCounters() {
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, new AtomicLong());
    }
  }

  /**
   * Makes the configured labels' counts exist from the start (at 0), so the status file shows every
   * label's series before its first record.
   */
  void knowLabels(ClassificationLabels labels) {
    for (String label : labels.labels()) {
      acceptedByLabel.computeIfAbsent(label, l -> new AtomicLong());
    }
  }

  /** A record accepted; {@code label} is its classification label (a glob or "other"). */
  void accepted(String label) {
    acceptedByLabel.computeIfAbsent(label, l -> new AtomicLong()).incrementAndGet();
  }

  void rejected(RejectReason reason) {
    rejected.get(reason).incrementAndGet();
  }

  /** The bytes of a frame read from a probe (before it is checked). */
  void frameRead(long bytes) {
    receivedBytes.addAndGet(bytes);
  }

  /** A connection turned away because every connection slot stayed busy. */
  void connectionRefused() {
    connectionsRefused.incrementAndGet();
  }

  /** A staging commit (write and fsync) that took {@code nanos}. */
  void stagingCommitted(long nanos) {
    commitSeconds.observeNanos(nanos);
  }

  void connectionOpened() {
    connectionsOpen.incrementAndGet();
  }

  void connectionClosed() {
    connectionsOpen.decrementAndGet();
  }

  /** Connections being served now. */
  long connectionsOpen() {
    return connectionsOpen.get();
  }

  long acceptedCount() {
    return acceptedByLabel.values().stream().mapToLong(AtomicLong::get).sum();
  }

  long rejectedCount() {
    return rejected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /**
   * The counts under their persisted names: {@code accepted}, {@code rejected_<reason>}, {@code
   * received} (accepted plus rejected: every record a probe sent ends as one of them), {@code
   * received_bytes}, {@code connections_refused}, {@code staging_commits}, the {@code
   * commit_seconds} histogram and {@code accepted_class_<key>} per label.
   */
  Map<String, Long> byName() {
    Map<String, Long> byLabel = new TreeMap<>();
    acceptedByLabel.forEach((label, n) -> byLabel.put(label, n.get()));
    long acceptedNow = byLabel.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Long> counts = new LinkedHashMap<>();
    long received = acceptedNow;
    counts.put("accepted", acceptedNow);
    for (Map.Entry<RejectReason, AtomicLong> e : rejected.entrySet()) {
      long n = e.getValue().get();
      received += n;
      counts.put("rejected_" + e.getKey().label(), n);
    }
    counts.put("received", received);
    counts.put("received_bytes", receivedBytes.get());
    counts.put("connections_refused", connectionsRefused.get());
    Map<String, Long> histogram = commitSeconds.counts();
    counts.put("staging_commits", histogram.get("commit_seconds_count"));
    counts.putAll(histogram);
    byLabel.forEach((label, n) -> counts.put(ClassificationLabels.statusKey("accepted", label), n));
    return counts;
  }
}

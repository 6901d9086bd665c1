package org.telemetrics.probd;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What telemprobd counted since it started: records accepted, and rejected by reason. */
final class ProbdCounters {
  private final AtomicLong accepted = new AtomicLong();
  private final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);

  ProbdCounters() {
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, new AtomicLong());
    }
  }

  void accepted() {
    accepted.incrementAndGet();
  }

  void rejected(RejectReason reason) {
    rejected.get(reason).incrementAndGet();
  }

  long acceptedCount() {
    return accepted.get();
  }

  long rejectedCount() {
    return rejected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** The counts under their persisted names: {@code accepted}, {@code rejected_<reason>}. */
  Map<String, Long> byName() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("accepted", accepted.get());
    rejected.forEach((reason, n) -> counts.put("rejected_" + reason.label(), n.get()));
    return counts;
  }
}

package org.telemetrics.probes.klog;

/**
 * At most {@code limit} records per signature and boot; the first report over the limit becomes one
 * summary record, the later ones are only counted. A limit of 0 sends everything.
 */
record FloodLimit(long limit) {
  /** What to do with one more report of a signature already sent {@code sent} times. */
  enum Verdict {
    SEND,
    SUMMARY,
    COUNT_ONLY
  }

  FloodLimit {
    if (limit < 0) {
      throw new IllegalArgumentException("flood limit must be 0 (none) or more: " + limit);
    }
  }

  Verdict decide(long sent) {
    if (limit == 0 || sent < limit) {
      return Verdict.SEND;
    }
    return sent == limit ? Verdict.SUMMARY : Verdict.COUNT_ONLY;
  }
}

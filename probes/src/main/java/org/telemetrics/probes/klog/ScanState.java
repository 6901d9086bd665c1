package org.telemetrics.probes.klog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What klogscanner remembers across restarts: for which boot, the sequence number to read from (the
 * first record not yet fully handled: the start of a report still open, else the one after the last
 * read), and how many reports of each signature this boot has sent.
 */
public record ScanState(String bootId, long nextSequence, Map<String, Long> sentBySignature) {
  /** Signatures remembered; more are still reported, just not counted. */
  public static final int MAX_SIGNATURES = 1000;

  public ScanState {
    if (!bootId.matches("[0-9a-f-]{1,64}")) {
      throw new IllegalArgumentException(
          "boot id '" + KmsgRecordParser.excerpt(bootId) + "' is not a UUID");
    }
    if (nextSequence < 0) {
      throw new IllegalArgumentException("negative sequence number " + nextSequence);
    }
    if (sentBySignature.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          sentBySignature.size() + " signatures; at most " + MAX_SIGNATURES);
    }
    sentBySignature = Map.copyOf(sentBySignature);
  }

  public static ScanState fresh(String bootId) {
    return new ScanState(bootId, 0, Map.of());
  }

  public ScanState withNext(long next) {
    return new ScanState(bootId, next, sentBySignature);
  }

  public ScanState withSent(String signature, long count) {
    if (!sentBySignature.containsKey(signature) && sentBySignature.size() >= MAX_SIGNATURES) {
      return this;
    }
    Map<String, Long> m = new LinkedHashMap<>(sentBySignature);
    m.put(signature, count);
    return new ScanState(bootId, nextSequence, m);
  }

  public long sent(String signature) {
    return sentBySignature.getOrDefault(signature, 0L);
  }
}

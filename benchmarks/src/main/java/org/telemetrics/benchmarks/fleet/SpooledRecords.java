package org.telemetrics.benchmarks.fleet;

import java.util.Arrays;

/**
 * One machine's queued records that are not in flight, oldest first, each a long (creation second
 * in the high half, bytes in the low half), so a fleet's spools cost no objects per record. Records
 * whose request failed go back to the front: they are the oldest.
 */
final class SpooledRecords {
  private long[] ring = new long[4];
  private int head;
  private int size;
  private long bytes;

  static long record(long createdSecond, int bytes) {
    return createdSecond << 32 | bytes;
  }

  static long createdSecond(long record) {
    return record >>> 32;
  }

  static int bytes(long record) {
    return (int) record;
  }

  void addLast(long record) {
    grow();
    ring[(head + size++) & (ring.length - 1)] = record;
    bytes += bytes(record);
  }

  void addFirst(long record) {
    grow();
    head = (head - 1) & (ring.length - 1);
    ring[head] = record;
    size++;
    bytes += bytes(record);
  }

  /** The oldest record, removed; only when not {@link #isEmpty}. */
  long pollFirst() {
    if (size == 0) {
      throw new IllegalStateException("no record queued");
    }
    long r = ring[head];
    head = (head + 1) & (ring.length - 1);
    size--;
    bytes -= bytes(r);
    return r;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  long bytes() {
    return bytes;
  }

  private void grow() {
    if (size < ring.length) {
      return;
    }
    long[] bigger = new long[ring.length * 2];
    for (int i = 0; i < size; i++) {
      bigger[i] = ring[(head + i) & (ring.length - 1)];
    }
    Arrays.fill(ring, 0);
    ring = bigger;
    head = 0;
  }
}

package org.telemetrics.benchmarks.fleet;

import java.util.Arrays;

/**
 * The simulation's future events as one primitive min-heap of longs: simulated time in the high
 * bits, then the event kind and the client, so tens of millions of events cost no objects. Events
 * at the same millisecond come out by kind, then client.
 */
final class EventQueue {
  static final int CLIENT_BITS = 20;
  static final int KIND_BITS = 3;
  static final int MAX_CLIENTS = 1 << CLIENT_BITS;
  private static final long MAX_TIME = (1L << (63 - CLIENT_BITS - KIND_BITS)) - 1;

  private long[] heap = new long[1 << 16];
  private int size;

  void add(long timeMillis, int kind, int client) {
    if (timeMillis < 0
        || timeMillis > MAX_TIME
        || kind >= 1 << KIND_BITS
        || client >= MAX_CLIENTS) {
      throw new IllegalArgumentException(
          "event out of range: " + timeMillis + " " + kind + " " + client);
    }
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    long e = (timeMillis << (CLIENT_BITS + KIND_BITS)) | ((long) kind << CLIENT_BITS) | client;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= e) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = e;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Removes the earliest event; read it with {@link #time}, {@link #kind}, {@link #client}. */
  long poll() {
    long top = heap[0];
    long last = heap[--size];
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      if (child + 1 < size && heap[child + 1] < heap[child]) {
        child++;
      }
      if (last <= heap[child]) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    if (size > 0) {
      heap[i] = last;
    }
    return top;
  }

  static long time(long event) {
    return event >>> (CLIENT_BITS + KIND_BITS);
  }

  static int kind(long event) {
    return (int) (event >>> CLIENT_BITS) & ((1 << KIND_BITS) - 1);
  }

  static int client(long event) {
    return (int) event & (MAX_CLIENTS - 1);
  }
}

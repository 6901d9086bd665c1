package org.telemetrics.probes.crash.symbols;

import java.util.Arrays;

/**
 * The function symbols of a table as read, in table order, with each alias's rank (global before
 * weak before local, a default version before a hidden one), until {@link #order} sorts them.
 */
final class SymbolRows {
  /** A packed sort key: 40 bits of address, 3 of rank, 20 of row number. */
  private static final int PACKED_ADDRESS_BITS = 40;

  private static final int PACKED_ROWS = 1 << 20;

  long[] values = new long[256];
  long[] sizes = new long[256];
  int[] ranks = new int[256];
  int[] nameOffsets = new int[256];
  int[] versions = new int[256];
  int n;

  void add(long value, long size, int rank, int nameOffset, int version) {
    if (n == values.length) {
      int grown = n * 2;
      values = Arrays.copyOf(values, grown);
      sizes = Arrays.copyOf(sizes, grown);
      ranks = Arrays.copyOf(ranks, grown);
      nameOffsets = Arrays.copyOf(nameOffsets, grown);
      versions = Arrays.copyOf(versions, grown);
    }
    values[n] = value;
    sizes[n] = size;
    ranks[n] = rank;
    nameOffsets[n] = nameOffset;
    versions[n] = version;
    n++;
  }

  /**
   * Row numbers by address, best-ranked alias first, then in table order. Addresses below 2^40
   * (every ordinary object) sort as packed primitive keys; others by a comparator, in the same
   * order.
   */
  int[] order() {
    int[] order = new int[n];
    long[] keys = new long[n];
    boolean packable = n <= PACKED_ROWS;
    for (int i = 0; i < n && packable; i++) {
      packable = values[i] >>> PACKED_ADDRESS_BITS == 0;
      keys[i] = values[i] << 23 | (long) ranks[i] << 20 | i;
    }
    if (packable) {
      Arrays.sort(keys);
      for (int i = 0; i < n; i++) {
        order[i] = (int) (keys[i] & (PACKED_ROWS - 1));
      }
      return order;
    }
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(
        boxed,
        (a, b) ->
            values[a] != values[b]
                ? Long.compareUnsigned(values[a], values[b])
                : ranks[a] != ranks[b] ? Integer.compare(ranks[a], ranks[b]) : a - b);
    for (int i = 0; i < n; i++) {
      order[i] = boxed[i];
    }
    return order;
  }
}

package org.telemetrics.probes.crash.core;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The parts of the dumped process's memory the probe kept (thread stacks near their stack
 * pointers): sorted, non-overlapping chunks. Reads outside them fail softly.
 */
public final class Memory {
  private final List<Chunk> chunks;

  /** Bytes at a virtual address. */
  public record Chunk(long address, byte[] bytes) {
    long end() {
      return address + bytes.length;
    }
  }

  public Memory(List<Chunk> chunks) {
    List<Chunk> sorted = new ArrayList<>(chunks);
    // not Comparator.comparingLong: its lambda is the JDK's, made at run time on every start
    sorted.sort((a, b) -> Long.compare(a.address(), b.address()));
    this.chunks = List.copyOf(sorted);
  }

  public long size() {
    long n = 0;
    for (Chunk c : chunks) {
      n += c.bytes().length;
    }
    return n;
  }

  /** The 8-byte little-endian word at {@code address}, if kept. */
  public OptionalLong readLong(long address) {
    int lo = 0;
    int hi = chunks.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Chunk c = chunks.get(mid);
      if (address < c.address()) {
        hi = mid - 1;
      } else if (address >= c.end()) {
        lo = mid + 1;
      } else {
        long off = address - c.address();
        if (off + 8 > c.bytes().length) {
          return OptionalLong.empty();
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
          v = (v << 8) | (c.bytes()[(int) off + i] & 0xffL);
        }
        return OptionalLong.of(v);
      }
    }
    return OptionalLong.empty();
  }
}

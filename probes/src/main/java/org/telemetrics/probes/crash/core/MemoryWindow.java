package org.telemetrics.probes.crash.core;

/** Bytes of the crashed process's memory being collected for [vaddr, vaddr + buf.length). */
record MemoryWindow(long vaddr, byte[] buf) {
  long end() {
    return vaddr + buf.length;
  }

  /** Copies what of {@code bytes[0, n)}, the memory at {@code at}, falls in this window. */
  void fill(long at, byte[] bytes, int n) {
    long a = Math.max(vaddr, at);
    long b = Math.min(end(), at + n);
    if (a < b) {
      System.arraycopy(bytes, (int) (a - at), buf, (int) (a - vaddr), (int) (b - a));
    }
  }
}

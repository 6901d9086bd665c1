package org.telemetrics.probes.crash.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory the unwinder reads of each thread's stack: from just below its stack pointer (the red
 * zone) up to {@link CoreLimits#stackPerThread()}, within {@link CoreLimits#stackTotal()} for all
 * threads, overlapping ranges merged.
 */
final class StackRanges {
  private static final int RED_ZONE = 128;
  private static final int AARCH64_SP = 31;

  /** Sorted, disjoint [from, to) pairs. */
  private final List<long[]> ranges;

  private StackRanges(List<long[]> ranges) {
    this.ranges = ranges;
  }

  static StackRanges of(List<ThreadState> threads, int machine, CoreLimits limits) {
    List<long[]> wanted = new ArrayList<>();
    long budget = limits.stackTotal();
    for (ThreadState t : threads) {
      if (t.registers().length <= ThreadState.X86_64_RSP || budget <= 0) {
        continue;
      }
      long sp =
          machine == CoreDump.EM_X86_64
              ? t.sp()
              : t.registers().length > AARCH64_SP ? t.registers()[AARCH64_SP] : 0;
      long len = Math.min(limits.stackPerThread(), budget);
      long start = sp - RED_ZONE;
      wanted.add(new long[] {start, start + len});
      budget -= len;
    }
    // a plain lambda: Comparator.comparingLong loads classes crashprobe otherwise need not
    wanted.sort((a, b) -> Long.compare(a[0], b[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] r : wanted) {
      if (!merged.isEmpty() && r[0] <= merged.get(merged.size() - 1)[1]) {
        long[] last = merged.get(merged.size() - 1);
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.add(r);
      }
    }
    return new StackRanges(merged);
  }

  /** Empty windows for what of [from, to) is stack, to be filled as the memory streams by. */
  List<MemoryWindow> windows(long from, long to) {
    List<MemoryWindow> out = new ArrayList<>();
    for (long[] r : ranges) {
      long a = Math.max(r[0], from);
      long b = Math.min(r[1], to);
      if (a < b) {
        out.add(new MemoryWindow(a, new byte[(int) (b - a)]));
      }
    }
    return out;
  }
}

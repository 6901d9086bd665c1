package org.telemetrics.probes.crash.core;

/**
 * Memory bounds of core reading.
 *
 * @param stackPerThread bytes kept above each thread's stack pointer
 * @param stackTotal bytes of stack kept for all threads together
 * @param pendingBuffer bytes of writable segments held while the notes (which say where the stacks
 *     are) have not been seen yet, as in cores written by gdb, whose notes come last
 * @param maxNotes largest note segment accepted
 */
public record CoreLimits(long stackPerThread, long stackTotal, long pendingBuffer, long maxNotes) {
  public static final CoreLimits DEFAULT = new CoreLimits(256 << 10, 16 << 20, 32 << 20, 64 << 20);

  public CoreLimits {
    if (stackPerThread < 0 || stackTotal < 0 || pendingBuffer < 0 || maxNotes < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }
}

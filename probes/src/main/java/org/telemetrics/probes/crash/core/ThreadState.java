package org.telemetrics.probes.crash.core;

/**
 * One thread of the dumped process from its NT_PRSTATUS note: thread id, the signal it was stopped
 * with, and its registers by DWARF register number (x86_64: 0..16, 16 being the PC).
 */
public record ThreadState(long tid, int signal, long[] registers) {
  public static final int X86_64_RSP = 7;
  public static final int X86_64_RIP = 16;

  public long sp() {
    return registers[X86_64_RSP];
  }
}

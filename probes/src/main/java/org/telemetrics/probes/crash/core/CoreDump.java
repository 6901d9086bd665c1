package org.telemetrics.probes.crash.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the probe keeps of a core dump: its threads (the dumping thread first), file mappings,
 * process and signal information, the stack memory near each thread's stack pointer, and the build
 * ids of ELF images as found in the core itself.
 *
 * @param machine ELF e_machine (62 x86_64, 183 aarch64)
 * @param pid the process id from NT_PRPSINFO, or the first thread's id
 * @param buildIds build id of the ELF image mapped at each start address (from the core)
 * @param vdso the kernel's vDSO image (address and bytes, from the core), if present
 * @param problems what could not be read (truncation, budgets), for the error record
 */
public record CoreDump(
    int machine,
    long pid,
    Optional<String> processName,
    Optional<Signal> signal,
    List<ThreadState> threads,
    List<FileMapping> mappings,
    Map<Long, String> buildIds,
    Optional<VdsoImage> vdso,
    Memory memory,
    long bytesRead,
    List<String> problems) {

  public static final int EM_X86_64 = 62;
  public static final int EM_AARCH64 = 183;

  /** The vDSO, which no file backs: its ELF image as mapped at {@code address}. */
  public record VdsoImage(long address, byte[] image) {}

  /** The signal that caused the dump (NT_SIGINFO). */
  public record Signal(int number, int code, long address) {}
}

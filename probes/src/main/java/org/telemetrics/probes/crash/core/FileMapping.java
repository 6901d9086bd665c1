package org.telemetrics.probes.crash.core;

/** A file mapped into the dumped process (one NT_FILE entry): [start, end) at a file offset. */
public record FileMapping(long start, long end, long fileOffset, String path) {
  public boolean contains(long address) {
    return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
  }
}

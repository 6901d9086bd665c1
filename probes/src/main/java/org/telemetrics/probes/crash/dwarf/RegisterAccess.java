package org.telemetrics.probes.crash.dwarf;

import java.util.OptionalLong;

/** Registers of the frame being unwound and memory of the dumped process. */
public interface RegisterAccess {
  OptionalLong register(int number);

  OptionalLong memory(long address);
}

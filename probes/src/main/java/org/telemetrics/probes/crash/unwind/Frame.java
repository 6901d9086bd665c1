package org.telemetrics.probes.crash.unwind;

import java.util.Optional;
import org.telemetrics.probes.crash.symbols.Module;

/**
 * One frame of a backtrace: its PC, whether that PC is where execution stopped (the first frame, or
 * the frame interrupted by a signal) rather than a return address, and its module.
 */
public record Frame(long pc, boolean activation, Optional<Module> module) {
  /** The address to look symbols up with: inside the call instruction for return addresses. */
  public long lookupPc() {
    return activation ? pc : pc - 1;
  }
}

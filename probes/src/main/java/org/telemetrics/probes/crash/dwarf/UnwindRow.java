package org.telemetrics.probes.crash.dwarf;

import java.util.Map;

/**
 * The CFI row for one PC: how to compute the CFA and each saved register; {@code signalFrame} marks
 * a signal trampoline, whose caller's PC is not a return address.
 */
public record UnwindRow(
    FrameRule cfa, Map<Integer, FrameRule> registers, int returnAddress, boolean signalFrame) {

  public FrameRule rule(int register) {
    FrameRule r = registers.get(register);
    return r == null ? new FrameRule.SameValue() : r;
  }
}

package org.telemetrics.probes.crash.dwarf;

/** How to recover one register of the caller, or the CFA, at a given PC. */
public sealed interface FrameRule {
  /** Not saved: the caller's value is lost (for the return address: outermost frame). */
  record Undefined() implements FrameRule {}

  /** Unchanged from this frame. */
  record SameValue() implements FrameRule {}

  /** Saved in memory at CFA + offset. */
  record Offset(long offset) implements FrameRule {}

  /** The value is CFA + offset. */
  record ValOffset(long offset) implements FrameRule {}

  /** In another register of this frame. */
  record InRegister(int register) implements FrameRule {}

  /** Saved in memory at the address the expression computes (CFA pushed first). */
  record Expression(byte[] expr) implements FrameRule {}

  /** The value the expression computes (CFA pushed first). */
  record ValExpression(byte[] expr) implements FrameRule {}

  /** CFA rule: register + offset. */
  record RegisterOffset(int register, long offset) implements FrameRule {}

  /** CFA rule: a DWARF expression. */
  record CfaExpression(byte[] expr) implements FrameRule {}
}

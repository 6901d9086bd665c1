package org.telemetrics.probes.crash.dwarf;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFormatException;

/**
 * The interpreter of DWARF call frame instructions (DW_CFA_*): builds the row of rules for one PC.
 * Bounded in instructions and remembered states; a damaged or unknown instruction ends the program
 * with the row built so far.
 */
final class CfaProgram {
  private static final int MAX_INSTRUCTIONS = 100_000;
  private static final int MAX_STATE_DEPTH = 64;

  private final long codeAlign;
  private final long dataAlign;
  private final int fdeEncoding;

  CfaProgram(long codeAlign, long dataAlign, int fdeEncoding) {
    this.codeAlign = codeAlign;
    this.dataAlign = dataAlign;
    this.fdeEncoding = fdeEncoding;
  }

  /** Runs the CIE's initial instructions, then the FDE's up to {@code pc}. */
  UnwindRow run(
      Cursor initialInstructions,
      Cursor fdeInstructions,
      long start,
      long pc,
      int returnAddress,
      boolean signalFrame) {
    State initial = new State();
    initial.cfa = new FrameRule.RegisterOffset(7, 8);
    execute(initialInstructions, Long.MAX_VALUE, 0, initial, null);
    State state = initial.copy();
    execute(fdeInstructions, pc, start, state, initial);
    return new UnwindRow(state.cfa, Map.copyOf(state.regs), returnAddress, signalFrame);
  }

  private static final class State {
    FrameRule cfa;
    Map<Integer, FrameRule> regs = new HashMap<>();

    State copy() {
      State s = new State();
      s.cfa = cfa;
      s.regs = new HashMap<>(regs);
      return s;
    }
  }

  /** Runs CFA instructions until the location passes {@code target}. */
  private void execute(Cursor c, long target, long startLoc, State s, State initial) {
    long loc = startLoc;
    Deque<State> saved = new ArrayDeque<>();
    int steps = 0;
    try {
      while (c.hasRemaining() && steps++ < MAX_INSTRUCTIONS) {
        int op = c.u8();
        int high = op & 0xc0;
        int low = op & 0x3f;
        long delta = -1;
        if (high == 0x40) {
          delta = low * codeAlign;
        } else if (high == 0x80) {
          s.regs.put(low, new FrameRule.Offset(c.uleb() * dataAlign));
          continue;
        } else if (high == 0xc0) {
          restore(s, initial, low);
          continue;
        } else {
          switch (op) {
            case 0x00 -> {}
            case 0x01 -> {
              long newLoc = PointerEncoding.read(c, fdeEncoding, 0, 0);
              if (Long.compareUnsigned(newLoc, target) > 0) {
                return;
              }
              loc = newLoc;
            }
            case 0x02 -> delta = c.u8() * codeAlign;
            case 0x03 -> delta = c.u16() * codeAlign;
            case 0x04 -> delta = c.u32() * codeAlign;
            case 0x05 -> s.regs.put((int) c.uleb(), new FrameRule.Offset(c.uleb() * dataAlign));
            case 0x06 -> restore(s, initial, (int) c.uleb());
            case 0x07 -> s.regs.put((int) c.uleb(), new FrameRule.Undefined());
            case 0x08 -> s.regs.put((int) c.uleb(), new FrameRule.SameValue());
            case 0x09 -> s.regs.put((int) c.uleb(), new FrameRule.InRegister((int) c.uleb()));
            case 0x0a -> {
              if (saved.size() >= MAX_STATE_DEPTH) {
                return;
              }
              saved.push(s.copy());
            }
            case 0x0b -> {
              if (!saved.isEmpty()) {
                State r = saved.pop();
                s.cfa = r.cfa;
                s.regs = r.regs;
              }
            }
            case 0x0c -> s.cfa = new FrameRule.RegisterOffset((int) c.uleb(), c.uleb());
            case 0x0d -> s.cfa = new FrameRule.RegisterOffset((int) c.uleb(), cfaOffset(s));
            case 0x0e -> s.cfa = new FrameRule.RegisterOffset(cfaRegister(s), c.uleb());
            case 0x0f -> s.cfa = new FrameRule.CfaExpression(block(c));
            case 0x10 -> s.regs.put((int) c.uleb(), new FrameRule.Expression(block(c)));
            case 0x11 -> s.regs.put((int) c.uleb(), new FrameRule.Offset(c.sleb() * dataAlign));
            case 0x12 -> s.cfa = new FrameRule.RegisterOffset((int) c.uleb(), c.sleb() * dataAlign);
            case 0x13 -> s.cfa = new FrameRule.RegisterOffset(cfaRegister(s), c.sleb() * dataAlign);
            case 0x14 -> s.regs.put((int) c.uleb(), new FrameRule.ValOffset(c.uleb() * dataAlign));
            case 0x15 -> s.regs.put((int) c.uleb(), new FrameRule.ValOffset(c.sleb() * dataAlign));
            case 0x16 -> s.regs.put((int) c.uleb(), new FrameRule.ValExpression(block(c)));
            case 0x2e -> c.uleb(); // DW_CFA_GNU_args_size
            case 0x2f -> s.regs.put((int) c.uleb(), new FrameRule.Offset(-c.uleb() * dataAlign));
            default -> {
              return; // unknown instruction: keep the row built so far
            }
          }
        }
        if (delta >= 0) {
          loc += delta;
          if (Long.compareUnsigned(loc, target) > 0) {
            return;
          }
        }
      }
    } catch (ElfFormatException e) {
      // a damaged program yields the row built so far
    }
  }

  private static void restore(State s, State initial, int reg) {
    FrameRule r = initial == null ? null : initial.regs.get(reg);
    if (r == null) {
      s.regs.remove(reg);
    } else {
      s.regs.put(reg, r);
    }
  }

  private static long cfaOffset(State s) {
    return s.cfa instanceof FrameRule.RegisterOffset ro ? ro.offset() : 0;
  }

  private static int cfaRegister(State s) {
    return s.cfa instanceof FrameRule.RegisterOffset ro ? ro.register() : 7;
  }

  private static byte[] block(Cursor c) {
    long n = c.uleb();
    if (n > c.remaining()) {
      throw new ElfFormatException("expression longer than its program");
    }
    return c.bytes((int) n);
  }
}

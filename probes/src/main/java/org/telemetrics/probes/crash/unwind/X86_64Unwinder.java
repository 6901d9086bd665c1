package org.telemetrics.probes.crash.unwind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.telemetrics.probes.crash.core.Memory;
import org.telemetrics.probes.crash.core.ThreadState;
import org.telemetrics.probes.crash.dwarf.DwarfExpression;
import org.telemetrics.probes.crash.dwarf.FrameRule;
import org.telemetrics.probes.crash.dwarf.RegisterAccess;
import org.telemetrics.probes.crash.dwarf.UnwindRow;
import org.telemetrics.probes.crash.symbols.Module;
import org.telemetrics.probes.crash.symbols.ModuleMap;

/**
 * Unwinds x86_64 threads: DWARF CFI of the module of each PC, with the frame-pointer chain as the
 * fallback where a module has no CFI for the PC. Stops at the outermost frame (return address
 * undefined, as glibc marks {@code _start} and {@code clone}), at {@code maxFrames}, or at an
 * error.
 */
public final class X86_64Unwinder {
  private static final int REGS = 17;
  private static final int RBP = 6;
  private static final int RSP = 7;
  private static final int RIP = 16;

  private final ModuleMap modules;
  private final Memory memory;
  private final int maxFrames;

  public X86_64Unwinder(ModuleMap modules, Memory memory, int maxFrames) {
    this.modules = modules;
    this.memory = memory;
    this.maxFrames = maxFrames;
  }

  public ThreadBacktrace unwind(ThreadState thread) {
    Long[] regs = new Long[REGS];
    for (int i = 0; i < REGS && i < thread.registers().length; i++) {
      regs[i] = thread.registers()[i];
    }
    List<Frame> frames = new ArrayList<>();
    boolean activation = true;
    while (true) {
      long pc = regs[RIP];
      Optional<Module> module = modules.at(pc);
      frames.add(new Frame(pc, activation, module));
      if (module.isEmpty()) {
        Long[] caller = frames.size() == 1 ? badCallStep(regs) : null;
        if (caller == null) {
          return done(thread, frames, "Failed to find module for current frame");
        }
        regs = caller;
        activation = false;
        continue;
      }
      if (frames.size() >= maxFrames) {
        return new ThreadBacktrace(thread.tid(), frames, Optional.empty(), true);
      }
      long lookup = activation ? pc : pc - 1;
      Optional<UnwindRow> row = module.get().unwindRow(lookup - module.get().bias());
      Long[] caller;
      boolean signal = false;
      if (row.isPresent()) {
        FrameRule ra = row.get().rule(row.get().returnAddress());
        if (ra instanceof FrameRule.Undefined) {
          return done(thread, frames, null);
        }
        caller = step(regs, row.get());
        signal = row.get().signalFrame();
        if (caller == null) {
          return done(
              thread,
              frames,
              "Cannot unwind past 0x" + Long.toHexString(pc) + ": stack memory not in the core");
        }
      } else {
        caller = framePointerStep(regs);
        if (caller == null) {
          return done(thread, frames, null);
        }
      }
      if (caller[RIP] == null || caller[RIP] == 0) {
        return done(thread, frames, null);
      }
      if (!signal
          && caller[RSP] != null
          && regs[RSP] != null
          && Long.compareUnsigned(caller[RSP], regs[RSP]) <= 0
          && caller[RIP] == pc) {
        return done(thread, frames, "Unwinding made no progress at 0x" + Long.toHexString(pc));
      }
      regs = caller;
      activation = signal;
    }
  }

  /** A register number from CFI (possibly hostile) that this frame has a value for. */
  private static boolean known(Long[] regs, int register) {
    return register >= 0 && register < REGS && regs[register] != null;
  }

  private static ThreadBacktrace done(ThreadState t, List<Frame> frames, String error) {
    return new ThreadBacktrace(t.tid(), frames, Optional.ofNullable(error), false);
  }

  /** The caller's registers by the CFI row, or null when a needed value is unavailable. */
  private Long[] step(Long[] regs, UnwindRow row) {
    RegisterAccess access = access(regs);
    OptionalLong cfa;
    if (row.cfa() instanceof FrameRule.RegisterOffset ro) {
      cfa =
          known(regs, ro.register())
              ? OptionalLong.of(regs[ro.register()] + ro.offset())
              : OptionalLong.empty();
    } else if (row.cfa() instanceof FrameRule.CfaExpression ce) {
      cfa = DwarfExpression.evaluate(ce.expr(), access, null);
    } else {
      cfa = OptionalLong.empty();
    }
    if (cfa.isEmpty()) {
      return null;
    }
    long c = cfa.getAsLong();
    Long[] out = new Long[REGS];
    for (int r = 0; r < REGS; r++) {
      FrameRule rule = r == RIP ? row.rule(row.returnAddress()) : row.rule(r);
      out[r] = value(rule, r, regs, c, access);
      if (out[r] == null && r == RIP) {
        return null;
      }
    }
    if (!row.registers().containsKey(RSP)) {
      out[RSP] = c;
    }
    return out;
  }

  private Long value(FrameRule rule, int r, Long[] regs, long cfa, RegisterAccess access) {
    if (rule instanceof FrameRule.SameValue) {
      return regs[r];
    } else if (rule instanceof FrameRule.Offset o) {
      return box(memory.readLong(cfa + o.offset()));
    } else if (rule instanceof FrameRule.ValOffset o) {
      return cfa + o.offset();
    } else if (rule instanceof FrameRule.InRegister ir) {
      return known(regs, ir.register()) ? regs[ir.register()] : null;
    } else if (rule instanceof FrameRule.Expression e) {
      OptionalLong addr = DwarfExpression.evaluate(e.expr(), access, cfa);
      return addr.isPresent() ? box(memory.readLong(addr.getAsLong())) : null;
    } else if (rule instanceof FrameRule.ValExpression e) {
      return box(DwarfExpression.evaluate(e.expr(), access, cfa));
    }
    return null;
  }

  /**
   * The first PC is in no module, as after a call through a bad function pointer: the return
   * address is then on top of the stack.
   */
  private Long[] badCallStep(Long[] regs) {
    if (regs[RSP] == null) {
      return null;
    }
    OptionalLong ret = memory.readLong(regs[RSP]);
    if (ret.isEmpty() || modules.at(ret.getAsLong()).isEmpty()) {
      return null;
    }
    Long[] out = regs.clone();
    out[RIP] = ret.getAsLong();
    out[RSP] = regs[RSP] + 8;
    return out;
  }

  /** rbp-chain step: the caller's rip at [rbp+8], its rbp at [rbp], its rsp rbp+16. */
  private Long[] framePointerStep(Long[] regs) {
    Long rbp = regs[RBP];
    if (rbp == null
        || rbp == 0
        || (regs[RSP] != null && Long.compareUnsigned(rbp, regs[RSP]) < 0)) {
      return null;
    }
    OptionalLong ret = memory.readLong(rbp + 8);
    OptionalLong saved = memory.readLong(rbp);
    if (ret.isEmpty() || saved.isEmpty()) {
      return null;
    }
    Long[] out = new Long[REGS];
    out[RBP] = saved.getAsLong();
    out[RSP] = rbp + 16;
    out[RIP] = ret.getAsLong();
    for (int r : new int[] {3, 12, 13, 14, 15}) {
      out[r] = regs[r]; // callee-saved, assumed unchanged
    }
    return out;
  }

  private RegisterAccess access(Long[] regs) {
    return new RegisterAccess() {
      @Override
      public OptionalLong register(int number) {
        return number >= 0 && number < REGS && regs[number] != null
            ? OptionalLong.of(regs[number])
            : OptionalLong.empty();
      }

      @Override
      public OptionalLong memory(long address) {
        return memory.readLong(address);
      }
    };
  }

  private static Long box(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : null;
  }
}

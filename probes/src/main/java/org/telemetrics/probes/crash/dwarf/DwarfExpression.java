package org.telemetrics.probes.crash.dwarf;

import java.util.OptionalLong;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFormatException;

/**
 * Evaluates the DWARF stack-machine expressions found in call frame information (glibc's PLT and
 * signal trampoline rules use them). Bounded in steps and stack depth; an expression that needs an
 * unknown register or unreadable memory has no value.
 */
public final class DwarfExpression {
  private static final int MAX_STEPS = 10_000;
  private static final int MAX_STACK = 64;

  private DwarfExpression() {}

  /** Evaluates {@code expr}, optionally with {@code initial} pushed first (the CFA). */
  public static OptionalLong evaluate(byte[] expr, RegisterAccess regs, Long initial) {
    long[] stack = new long[MAX_STACK];
    int sp = 0;
    if (initial != null) {
      stack[sp++] = initial;
    }
    Cursor c = Cursor.of(expr);
    int steps = 0;
    try {
      while (c.hasRemaining()) {
        if (++steps > MAX_STEPS || sp >= MAX_STACK - 1) {
          return OptionalLong.empty();
        }
        int op = c.u8();
        if (op >= 0x30 && op <= 0x4f) {
          stack[sp++] = op - 0x30;
          continue;
        }
        if (op >= 0x70 && op <= 0x8f) {
          OptionalLong r = regs.register(op - 0x70);
          if (r.isEmpty()) {
            return r;
          }
          stack[sp++] = r.getAsLong() + c.sleb();
          continue;
        }
        switch (op) {
          case 0x03 -> stack[sp++] = c.u64();
          case 0x06 -> {
            need(sp, 1);
            OptionalLong v = regs.memory(stack[sp - 1]);
            if (v.isEmpty()) {
              return v;
            }
            stack[sp - 1] = v.getAsLong();
          }
          case 0x08 -> stack[sp++] = c.u8();
          case 0x09 -> stack[sp++] = (byte) c.u8();
          case 0x0a -> stack[sp++] = c.u16();
          case 0x0b -> stack[sp++] = (short) c.u16();
          case 0x0c -> stack[sp++] = c.u32();
          case 0x0d -> stack[sp++] = c.s32();
          case 0x0e, 0x0f -> stack[sp++] = c.u64();
          case 0x10 -> stack[sp++] = c.uleb();
          case 0x11 -> stack[sp++] = c.sleb();
          case 0x12 -> {
            need(sp, 1);
            stack[sp] = stack[sp - 1];
            sp++;
          }
          case 0x13 -> {
            need(sp, 1);
            sp--;
          }
          case 0x14 -> {
            need(sp, 2);
            stack[sp] = stack[sp - 2];
            sp++;
          }
          case 0x15 -> {
            int i = c.u8();
            need(sp, i + 1);
            stack[sp] = stack[sp - 1 - i];
            sp++;
          }
          case 0x16 -> {
            need(sp, 2);
            long t = stack[sp - 1];
            stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = t;
          }
          case 0x17 -> {
            need(sp, 3);
            long t = stack[sp - 1];
            stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = stack[sp - 3];
            stack[sp - 3] = t;
          }
          case 0x19 -> {
            need(sp, 1);
            stack[sp - 1] = Math.abs(stack[sp - 1]);
          }
          case 0x1f -> {
            need(sp, 1);
            stack[sp - 1] = -stack[sp - 1];
          }
          case 0x20 -> {
            need(sp, 1);
            stack[sp - 1] = ~stack[sp - 1];
          }
          case 0x23 -> {
            need(sp, 1);
            stack[sp - 1] += c.uleb();
          }
          case 0x1a,
              0x1b,
              0x1c,
              0x1d,
              0x1e,
              0x21,
              0x22,
              0x24,
              0x25,
              0x26,
              0x27,
              0x29,
              0x2a,
              0x2b,
              0x2c,
              0x2d,
              0x2e -> {
            need(sp, 2);
            long b = stack[--sp];
            long a = stack[sp - 1];
            stack[sp - 1] = binary(op, a, b);
          }
          case 0x28 -> {
            need(sp, 1);
            int off = (short) c.u16();
            if (stack[--sp] != 0) {
              c.seek(c.position() + off);
            }
          }
          case 0x2f -> c.seek(c.position() + (short) c.u16());
          case 0x92 -> {
            OptionalLong r = regs.register((int) c.uleb());
            if (r.isEmpty()) {
              return r;
            }
            stack[sp++] = r.getAsLong() + c.sleb();
          }
          case 0x94 -> {
            need(sp, 1);
            int size = c.u8();
            OptionalLong v = regs.memory(stack[sp - 1]);
            if (v.isEmpty() || size < 1 || size > 8) {
              return OptionalLong.empty();
            }
            stack[sp - 1] = size == 8 ? v.getAsLong() : v.getAsLong() & ((1L << (size * 8)) - 1);
          }
          case 0x96 -> {}
          default -> {
            return OptionalLong.empty();
          }
        }
      }
    } catch (ElfFormatException | ArithmeticException e) {
      return OptionalLong.empty();
    }
    return sp == 0 ? OptionalLong.empty() : OptionalLong.of(stack[sp - 1]);
  }

  private static long binary(int op, long a, long b) {
    return switch (op) {
      case 0x1a -> a & b;
      case 0x1b -> a / b;
      case 0x1c -> a - b;
      case 0x1d -> Long.remainderUnsigned(a, b);
      case 0x1e -> a * b;
      case 0x21 -> a | b;
      case 0x22 -> a + b;
      case 0x24 -> Long.compareUnsigned(b, 64) >= 0 ? 0 : a << b;
      case 0x25 -> Long.compareUnsigned(b, 64) >= 0 ? 0 : a >>> b;
      case 0x26 -> Long.compareUnsigned(b, 64) >= 0 ? a >> 63 : a >> b;
      case 0x27 -> a ^ b;
      case 0x29 -> a == b ? 1 : 0;
      case 0x2a -> a >= b ? 1 : 0;
      case 0x2b -> a > b ? 1 : 0;
      case 0x2c -> a <= b ? 1 : 0;
      case 0x2d -> a < b ? 1 : 0;
      case 0x2e -> a != b ? 1 : 0;
      default -> throw new ElfFormatException("bad op");
    };
  }

  private static void need(int sp, int n) {
    if (sp < n) {
      throw new ElfFormatException("DWARF expression stack underflow");
    }
  }
}

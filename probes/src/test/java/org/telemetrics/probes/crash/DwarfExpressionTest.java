package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.telemetrics.probes.crash.dwarf.DwarfExpression;
import org.telemetrics.probes.crash.dwarf.RegisterAccess;

class DwarfExpressionTest {
  private static RegisterAccess regs(Map<Integer, Long> values, Map<Long, Long> memory) {
    return new RegisterAccess() {
      @Override
      public OptionalLong register(int number) {
        Long v = values.get(number);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
      }

      @Override
      public OptionalLong memory(long address) {
        Long v = memory.get(address);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
      }
    };
  }

  /** The CFA rule of a lazy-binding PLT entry: rsp + 8, plus 8 more past its push. */
  private static final byte[] PLT = {
    0x77, 8, (byte) 0x80, 0, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22
  };

  @Test
  void evaluatesTheCfaRuleGccWritesForPltEntries() {
    long base = 0x1000;
    OptionalLong early =
        DwarfExpression.evaluate(PLT, regs(Map.of(7, 0x7ff0L, 16, base + 4), Map.of()), null);
    OptionalLong late =
        DwarfExpression.evaluate(PLT, regs(Map.of(7, 0x7ff0L, 16, base + 12), Map.of()), null);

    assertThat(early).hasValue(0x7ff8);
    assertThat(late).hasValue(0x8000);
  }

  @Test
  void dereferencesMemoryAndStopsWhereItIsMissing() {
    byte[] expr = {0x77, 16, 0x06}; // *(rsp + 16)

    assertThat(DwarfExpression.evaluate(expr, regs(Map.of(7, 100L), Map.of(116L, 42L)), null))
        .hasValue(42);
    assertThat(DwarfExpression.evaluate(expr, regs(Map.of(7, 100L), Map.of()), null)).isEmpty();
    assertThat(DwarfExpression.evaluate(expr, regs(Map.of(), Map.of()), null)).isEmpty();
  }

  @Test
  void hostileExpressionsEndWithoutAValue() {
    byte[] loop = {0x2f, (byte) 0xfd, (byte) 0xff}; // skip -3: jumps to itself forever
    byte[] underflow = {0x22};
    byte[] divideByZero = {0x31, 0x30, 0x1b};
    byte[] truncated = {0x0e, 1, 2};

    RegisterAccess none = regs(Map.of(), Map.of());
    assertThat(DwarfExpression.evaluate(loop, none, null)).isEmpty();
    assertThat(DwarfExpression.evaluate(underflow, none, null)).isEmpty();
    assertThat(DwarfExpression.evaluate(divideByZero, none, null)).isEmpty();
    assertThat(DwarfExpression.evaluate(truncated, none, null)).isEmpty();
  }
}

package org.telemetrics.probes.crash.dwarf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import org.telemetrics.fuzz.ParserContract;
import org.telemetrics.probes.crash.elf.ElfFile;
import org.telemetrics.probes.crash.elf.ElfFormatException;
import org.telemetrics.probes.crash.symbols.SymbolTable;

/**
 * Coverage-guided fuzzing of what the crash probe reads from the executables and libraries a core
 * names (files a local user controls) once their ELF headers are read: call frame information and
 * its CFA programs and DWARF expressions, line tables, symbol tables and their versions. The input
 * is the sections' contents, not a whole file ({@link SectionsElf} builds the file around them), so
 * the fuzzer works on the DWARF and not on the ELF headers {@code ElfFileFuzzTarget} covers. Every
 * table is built and looked up at the input's PCs and every expression of a row evaluated, as the
 * crash probe does; each step ends in an answer or an {@link ElfFormatException}, which leaves the
 * other PCs and tables to be read. Anything else is a finding.
 */
class DebugSectionsFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(4 << 20, 256, ElfFormatException.class);

  /** A stopped thread as made up registers and memory: an expression reads what it likes. */
  private static final RegisterAccess MADE_UP =
      new RegisterAccess() {
        @Override
        public OptionalLong register(int number) {
          return number < 17 ? OptionalLong.of(0x7ffc_0000L + 8L * number) : OptionalLong.empty();
        }

        @Override
        public OptionalLong memory(long address) {
          return (address & 7) == 0 ? OptionalLong.of(address * 31 + 7) : OptionalLong.empty();
        }
      };

  @FuzzTest
  void read(byte[] input) {
    SectionsElf elf = SectionsElf.of(input);
    CONTRACT.check(
        input.length,
        () -> {
          ElfFile file = ElfFile.of("fuzz", ByteBuffer.wrap(elf.bytes()));
          Set<Long> pcs = new HashSet<>(elf.pcs());
          int answers = 0;
          for (CallFrameInfo cfi : CallFrameInfo.all(file)) {
            for (long pc : pcs) {
              answers += rowAt(cfi, pc);
            }
          }
          for (int type : new int[] {2, 11}) { // SHT_SYMTAB, SHT_DYNSYM
            SymbolTable symbols = SymbolTable.of(file, type).orElse(null);
            for (long pc : pcs) {
              answers += symbols == null ? 0 : symbols.lookup(pc).map(String::length).orElse(0);
            }
          }
          LineTable lines = LineTable.of(file).orElse(null);
          return answers + (lines == null ? 0 : lines.lookup(pcs).size());
        });
  }

  /** As the crash probe reads a table: a row it cannot work out leaves the others. */
  private static int rowAt(CallFrameInfo cfi, long pc) {
    try {
      return cfi.rowFor(pc).map(DebugSectionsFuzzTarget::evaluate).orElse(0);
    } catch (ElfFormatException e) {
      return 0;
    }
  }

  /** Evaluates each expression of a row, as the unwinder would: how many have a value. */
  private static int evaluate(UnwindRow row) {
    int values = 0;
    Long cfa = 0x7ffc_1000L;
    if (row.cfa() instanceof FrameRule.CfaExpression e) {
      values += DwarfExpression.evaluate(e.expr(), MADE_UP, null).isPresent() ? 1 : 0;
    }
    for (FrameRule rule : row.registers().values()) {
      byte[] expr =
          rule instanceof FrameRule.Expression e
              ? e.expr()
              : rule instanceof FrameRule.ValExpression v ? v.expr() : null;
      if (expr != null) {
        values += DwarfExpression.evaluate(expr, MADE_UP, cfa).isPresent() ? 1 : 0;
      }
    }
    return values;
  }
}

package org.telemetrics.probes.crash.symbols;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.telemetrics.probes.crash.elf.ElfFile;

/**
 * Symbols are ordered by address, then binding (global, weak, local), then table order: as packed
 * keys for ordinary addresses, by a comparator above 2^40; both orders must name the same function.
 */
class SymbolTableTest {
  private static final int STB_LOCAL = 0;
  private static final int STB_GLOBAL = 1;
  private static final int STB_WEAK = 2;

  @Test
  void aliasesAtOneAddressGiveTheGlobalNameAtLowAndHighAddresses() {
    for (long base : new long[] {0x1000L, 0x7f00_0000_0000L}) {
      ElfFile f =
          elf(
              new Sym("local_alias", STB_LOCAL, base, 0x20),
              new Sym("weak_alias", STB_WEAK, base, 0x20),
              new Sym("global_name", STB_GLOBAL, base, 0x20),
              new Sym("next", STB_GLOBAL, base + 0x20, 0x10),
              new Sym("before", STB_LOCAL, base - 0x100, 0x10));
      SymbolTable t = SymbolTable.of(f, SymbolTable.SHT_SYMTAB).orElseThrow();

      assertThat(t.size()).isEqualTo(5);
      assertThat(t.lookup(base + 4)).contains("global_name");
      assertThat(t.lookup(base + 0x24)).contains("next");
      assertThat(t.lookup(base - 0xf8)).contains("before");
      assertThat(t.lookup(base - 0x80)).isEqualTo(Optional.empty());
    }
  }

  @Test
  void amongEqualBindingsTheFirstInTheTableWins() {
    for (long base : new long[] {0x401000L, 0x1_0000_0000_0000L}) {
      ElfFile f =
          elf(
              new Sym("first", STB_GLOBAL, base, 0x40),
              new Sym("second", STB_GLOBAL, base, 0x40),
              new Sym("low", STB_GLOBAL, 0x10, 0x10));
      SymbolTable t = SymbolTable.of(f, SymbolTable.SHT_SYMTAB).orElseThrow();

      assertThat(t.lookup(base + 0x3f)).contains("first");
      assertThat(t.lookup(0x18)).contains("low");
    }
  }

  private record Sym(String name, int bind, long value, long size) {}

  /** A relocatable x86_64 ELF with sections: null, .text, .symtab, .strtab, .shstrtab. */
  private static ElfFile elf(Sym... syms) {
    ByteArrayOutputStream strtab = new ByteArrayOutputStream();
    strtab.write(0);
    ByteBuffer symtab = le(24 * (syms.length + 1));
    symtab.position(24); // the null symbol
    for (Sym s : syms) {
      symtab.putInt(strtab.size());
      byte[] n = (s.name() + "\0").getBytes(StandardCharsets.US_ASCII);
      strtab.writeBytes(n);
      symtab.put((byte) (s.bind() << 4 | 2)); // STT_FUNC
      symtab.put((byte) 0);
      symtab.putShort((short) 1); // .text
      symtab.putLong(s.value());
      symtab.putLong(s.size());
    }
    byte[] shstr = "\0.text\0.symtab\0.strtab\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
    byte[] str = strtab.toByteArray();
    int symOff = 64;
    int strOff = symOff + symtab.capacity();
    int shstrOff = strOff + str.length;
    int shOff = (shstrOff + shstr.length + 7) & ~7;
    ByteBuffer b = le(shOff + 5 * 64);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    b.putShort(16, (short) 1); // ET_REL
    b.putShort(18, (short) 62); // EM_X86_64
    b.putLong(40, shOff);
    b.putShort(52, (short) 64);
    b.putShort(58, (short) 64);
    b.putShort(60, (short) 5);
    b.putShort(62, (short) 4);
    b.put(symOff, symtab.array());
    b.put(strOff, str);
    b.put(shstrOff, shstr);
    section(b, shOff + 64, 1, 1, 0, 0, 0, 0); // .text, PROGBITS, no contents
    section(b, shOff + 128, 7, 2, symOff, symtab.capacity(), 3, 24); // .symtab -> .strtab
    section(b, shOff + 192, 15, 3, strOff, str.length, 0, 0);
    section(b, shOff + 256, 23, 3, shstrOff, shstr.length, 0, 0);
    return ElfFile.of("test.o", b.position(0));
  }

  private static void section(
      ByteBuffer b, int at, int name, int type, long offset, long size, int link, long entsize) {
    b.putInt(at, name);
    b.putInt(at + 4, type);
    b.putLong(at + 24, offset);
    b.putLong(at + 32, size);
    b.putInt(at + 40, link);
    b.putLong(at + 56, entsize);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}

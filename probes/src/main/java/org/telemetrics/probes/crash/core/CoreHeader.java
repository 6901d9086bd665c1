package org.telemetrics.probes.crash.core;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.probes.crash.elf.Cursor;

/**
 * A core's ELF header and program header table: the machine, and the segments that hold bytes in
 * the file. Anything but a 64-bit little-endian x86-64 or AArch64 core is refused with a {@link
 * CoreFormatException} that says why.
 *
 * @param machine {@code e_machine}: {@link CoreDump#EM_X86_64} or {@link CoreDump#EM_AARCH64}
 * @param segments the segments with file bytes, in the order of their bytes in the file
 */
record CoreHeader(int machine, List<Segment> segments) {
  static final int PT_LOAD = 1;
  static final int PT_NOTE = 4;

  private static final int ET_CORE = 4;
  private static final int PHDR_SIZE = 56;

  /** One program header whose bytes are in the file ({@code p_filesz > 0}). */
  record Segment(int type, int flags, long offset, long vaddr, long filesz) {}

  /**
   * Parses the first 64 bytes of a core, then reads its program header table from {@code in}, which
   * stands right after those bytes.
   */
  static CoreHeader read(byte[] elfHeader, CoreInput in) throws IOException {
    Cursor c = Cursor.of(elfHeader);
    if (c.u32() != 0x464c457fL) {
      throw new CoreFormatException("not an ELF file");
    }
    if (c.u8() != 2 || c.u8() != 1) {
      throw new CoreFormatException("not a 64-bit little-endian ELF core");
    }
    c.seek(16);
    if (c.u16() != ET_CORE) {
      throw new CoreFormatException("ELF file is not a core dump (e_type is not ET_CORE)");
    }
    int machine = c.u16();
    if (machine != CoreDump.EM_X86_64 && machine != CoreDump.EM_AARCH64) {
      throw new CoreFormatException("unsupported machine " + machine);
    }
    c.seek(32);
    long phoff = c.u64();
    c.seek(54);
    int phentsize = c.u16();
    int phnum = c.u16();
    if (phnum == 0xffff) {
      throw new CoreFormatException("cores with 65535 or more segments are not supported");
    }
    if (phentsize != PHDR_SIZE || phnum == 0 || phoff < 64) {
      throw new CoreFormatException(
          "bad program header table (offset "
              + phoff
              + ", "
              + phnum
              + " entries of "
              + phentsize
              + " bytes)");
    }
    try {
      in.skipTo(phoff);
    } catch (EOFException e) {
      throw new CoreFormatException("core ends before its program headers at " + phoff);
    }
    byte[] table = new byte[phnum * PHDR_SIZE];
    if (in.readFully(table, 0, table.length) < table.length) {
      throw new CoreFormatException("core truncated in its program headers");
    }
    return new CoreHeader(machine, segments(Cursor.of(table), phnum));
  }

  private static List<Segment> segments(Cursor t, int phnum) {
    List<Segment> out = new ArrayList<>();
    for (int i = 0; i < phnum; i++) {
      int type = (int) t.u32();
      int flags = (int) t.u32();
      long offset = t.u64();
      long vaddr = t.u64();
      t.u64(); // p_paddr
      long filesz = t.u64();
      t.u64(); // p_memsz
      t.u64(); // p_align
      if (filesz > 0 && offset >= 0 && offset + filesz > offset) {
        out.add(new Segment(type, flags, offset, vaddr, filesz));
      }
    }
    // not Comparator.comparingLong: its lambda is the JDK's, made at run time on every start
    out.sort((a, b) -> Long.compare(a.offset(), b.offset()));
    return List.copyOf(out);
  }
}

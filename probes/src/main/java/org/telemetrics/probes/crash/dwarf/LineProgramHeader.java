package org.telemetrics.probes.crash.dwarf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFormatException;

/**
 * The header of one line program of {@code .debug_line} (DWARF 2 to 5): how its opcodes encode
 * addresses and lines, and its directories and files. Names stay references ({kind, offset, dir})
 * into the unit or the string sections until a wanted address needs one.
 */
final class LineProgramHeader {
  private static final int EMPTY = 0;
  private static final int INLINE = 1;
  private static final int LINE_STR = 2;
  private static final int STR = 3;

  final int minInst;
  final int lineBase;
  final int lineRange;
  final int opcodeBase;

  /** The number of operands of each standard opcode, by opcode. */
  final int[] opLengths;

  /** Where the unit's program starts, after the header. */
  final long programStart;

  private final Cursor unit;
  private final ByteBuffer lineStr;
  private final ByteBuffer str;
  private final List<long[]> dirs = new ArrayList<>();
  private final List<long[]> files = new ArrayList<>();

  private LineProgramHeader(
      Cursor unit, ByteBuffer lineStr, ByteBuffer str, int[] encoding, long programStart) {
    this.unit = unit;
    this.lineStr = lineStr;
    this.str = str;
    this.minInst = encoding[0];
    this.lineBase = encoding[1];
    this.lineRange = encoding[2];
    this.opcodeBase = encoding[3];
    this.opLengths = new int[Math.max(opcodeBase, 1)];
    this.programStart = programStart;
  }

  /**
   * Reads the header of the unit {@code u} (its length already read), leaving {@code u} at the
   * start of the program; empty for a version or an encoding this reader cannot run.
   */
  static Optional<LineProgramHeader> read(
      Cursor u, boolean dwarf64, ByteBuffer lineStr, ByteBuffer str) {
    int version = u.u16();
    if (version < 2 || version > 5) {
      return Optional.empty();
    }
    if (version >= 5) {
      u.u8();
      u.u8();
    }
    long headerLength = dwarf64 ? u.u64() : u.u32();
    long programStart = u.position() + headerLength;
    int minInst = u.u8();
    if (version >= 4) {
      u.u8();
    }
    u.u8(); // default_is_stmt: any row gives the line
    int lineBase = (byte) u.u8();
    int lineRange = u.u8();
    int opcodeBase = u.u8();
    if (lineRange == 0) {
      return Optional.empty();
    }
    LineProgramHeader h =
        new LineProgramHeader(
            u, lineStr, str, new int[] {minInst, lineBase, lineRange, opcodeBase}, programStart);
    for (int i = 1; i < opcodeBase; i++) {
      h.opLengths[i] = u.u8();
    }
    if (version >= 5) {
      h.readEntries5(dwarf64, h.dirs);
      h.readEntries5(dwarf64, h.files);
    } else {
      h.readEntries4();
    }
    u.seek(programStart);
    return Optional.of(h);
  }

  /** Whether the program's file number names a file. */
  boolean hasFile(long file) {
    return file >= 0 && file < files.size() && files.get((int) file) != null;
  }

  /** The file's path, with its directory unless it is absolute. */
  String path(long file) {
    long[] entry = files.get((int) file);
    String name = text(entry);
    if (name.startsWith("/")) {
      return name;
    }
    long d = entry[2];
    String dir = d >= 0 && d < dirs.size() ? text(dirs.get((int) d)) : "";
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  /** DWARF 2 to 4: directory 0 is the compilation's own, file 0 is none. */
  private void readEntries4() {
    Cursor u = unit;
    dirs.add(new long[] {EMPTY, 0, 0});
    for (long at = u.position(); u.u8() != 0; at = u.position()) {
      u.seek(at);
      u.cstring();
      dirs.add(new long[] {INLINE, at, 0});
    }
    files.add(null);
    for (long at = u.position(); u.u8() != 0; at = u.position()) {
      u.seek(at);
      u.cstring();
      files.add(new long[] {INLINE, at, u.uleb()});
      u.uleb();
      u.uleb();
    }
  }

  private String text(long[] ref) {
    return switch ((int) ref[0]) {
      case INLINE -> unit.cstringAt(ref[1]);
      case LINE_STR -> stringAt(lineStr, ref[1]);
      case STR -> stringAt(str, ref[1]);
      default -> "";
    };
  }

  private void readEntries5(boolean dwarf64, List<long[]> into) {
    Cursor u = unit;
    int formatCount = u.u8();
    long[][] format = new long[formatCount][];
    for (int i = 0; i < formatCount; i++) {
      format[i] = new long[] {u.uleb(), u.uleb()};
    }
    long count = u.uleb();
    if (count > u.remaining()) {
      throw new ElfFormatException("line table entry count too large");
    }
    for (long n = 0; n < count; n++) {
      long[] entry = {EMPTY, 0, 0};
      for (long[] f : format) {
        long[] v = form(u, (int) f[1], dwarf64);
        if (f[0] == 1) {
          entry[0] = v[0];
          entry[1] = v[1];
        } else if (f[0] == 2) {
          entry[2] = v[1];
        }
      }
      into.add(entry);
    }
  }

  /** Reads one attribute: {kind, value}, kind saying whether the value names a string. */
  private static long[] form(Cursor u, int form, boolean dwarf64) {
    return switch (form) {
      case 0x08 -> {
        long at = u.position();
        u.cstring();
        yield new long[] {INLINE, at};
      }
      case 0x1f -> new long[] {LINE_STR, dwarf64 ? u.u64() : u.u32()};
      case 0x0e -> new long[] {STR, dwarf64 ? u.u64() : u.u32()};
      case 0x0f -> new long[] {EMPTY, u.uleb()};
      case 0x0b -> new long[] {EMPTY, u.u8()};
      case 0x05 -> new long[] {EMPTY, u.u16()};
      case 0x06 -> new long[] {EMPTY, u.u32()};
      case 0x07 -> new long[] {EMPTY, u.u64()};
      case 0x1e -> {
        u.skip(16);
        yield new long[] {EMPTY, 0};
      }
      case 0x09 -> {
        u.skip(u.uleb());
        yield new long[] {EMPTY, 0};
      }
      default ->
          throw new ElfFormatException(
              "unsupported form 0x" + Integer.toHexString(form) + " in line table");
    };
  }

  private static String stringAt(ByteBuffer section, long offset) {
    if (offset < 0 || offset >= section.limit()) {
      throw new ElfFormatException("string offset outside its section");
    }
    return new Cursor(section).cstringAt(offset);
  }
}

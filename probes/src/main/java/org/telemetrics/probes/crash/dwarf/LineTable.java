package org.telemetrics.probes.crash.dwarf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFile;
import org.telemetrics.probes.crash.elf.ElfFormatException;

/**
 * Source lines from {@code .debug_line} (DWARF 2 to 5). Answers a batch of addresses in one pass
 * over the line programs, so nothing the size of the table is kept in memory.
 */
public final class LineTable {
  private static final int MAX_ROWS = 50_000_000;

  private final ByteBuffer lines;
  private final ByteBuffer lineStr;
  private final ByteBuffer str;

  /** A source position. */
  public record SourceLine(String file, long line) {}

  private LineTable(ByteBuffer lines, ByteBuffer lineStr, ByteBuffer str) {
    this.lines = lines;
    this.lineStr = lineStr;
    this.str = str;
  }

  public static Optional<LineTable> of(ElfFile file) {
    Optional<ElfFile.Section> s =
        file.section(".debug_line").filter(x -> x.type() != ElfFile.SHT_NOBITS && x.size() > 0);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    ByteBuffer empty = ByteBuffer.allocate(0);
    return Optional.of(
        new LineTable(
            file.contents(s.get()),
            file.section(".debug_line_str").map(file::contents).orElse(empty),
            file.section(".debug_str").map(file::contents).orElse(empty)));
  }

  /** The source line of each address that has one (link-time addresses). */
  public Map<Long, SourceLine> lookup(Set<Long> addresses) {
    Map<Long, SourceLine> out = new HashMap<>();
    if (addresses.isEmpty()) {
      return out;
    }
    long[] sorted = new long[addresses.size()];
    int k = 0;
    for (long a : addresses) {
      sorted[k++] = a;
    }
    Arrays.sort(sorted);
    Cursor c = new Cursor(lines);
    try {
      while (c.remaining() > 4 && out.size() < sorted.length) {
        long len = c.u32();
        boolean dwarf64 = len == 0xffff_ffffL;
        if (dwarf64) {
          len = c.u64();
        }
        if (len > c.remaining()) {
          break;
        }
        Cursor unit = c.slice(len);
        try {
          runUnit(unit, dwarf64, sorted, out);
        } catch (ElfFormatException e) {
          // skip a damaged unit, keep the others
        }
      }
    } catch (ElfFormatException e) {
      // keep what was found
    }
    return out;
  }

  private void runUnit(Cursor u, boolean dwarf64, long[] wanted, Map<Long, SourceLine> out) {
    int version = u.u16();
    if (version < 2 || version > 5) {
      return;
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
      return;
    }
    int[] opLengths = new int[Math.max(opcodeBase, 1)];
    for (int i = 1; i < opcodeBase; i++) {
      opLengths[i] = u.u8();
    }
    // names stay references ({kind, offset, dir}) until a wanted address needs one
    List<long[]> dirs = new ArrayList<>();
    List<long[]> files = new ArrayList<>();
    if (version >= 5) {
      readEntries5(u, dwarf64, dirs);
      readEntries5(u, dwarf64, files);
    } else {
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
    u.seek(programStart);

    long address = 0;
    long file = 1;
    long line = 1;
    boolean haveRow = false;
    long rowAddress = 0;
    long rowFile = 0;
    long rowLine = 0;
    int rows = 0;
    while (u.hasRemaining() && rows++ < MAX_ROWS) {
      int op = u.u8();
      boolean emit = false;
      boolean endSeq = false;
      if (op >= opcodeBase) {
        int adj = op - opcodeBase;
        address += (long) (adj / lineRange) * minInst;
        line += lineBase + adj % lineRange;
        emit = true;
      } else {
        switch (op) {
          case 0 -> {
            // read in place, not through a slice: a cursor for every set_address and
            // end_sequence of a debug file's line tables was most of what they allocated
            long n = u.uleb();
            long at = u.position();
            u.skip(n);
            u.seek(at);
            int sub = n == 0 ? 0 : u.u8();
            if (sub == 1) {
              emit = true;
              endSeq = true;
            } else if (sub == 2 && n - 1 >= 8) {
              address = u.u64();
            }
            u.seek(at + n);
          }
          case 1 -> emit = true;
          case 2 -> address += u.uleb() * minInst;
          case 3 -> line += u.sleb();
          case 4 -> file = u.uleb();
          case 5, 12 -> u.uleb();
          case 6, 7, 10, 11 -> {}
          case 8 -> address += (long) ((255 - opcodeBase) / lineRange) * minInst;
          case 9 -> address += u.u16();
          default -> {
            for (int i = 0; i < opLengths[op]; i++) {
              u.uleb();
            }
          }
        }
      }
      if (emit) {
        if (haveRow && Long.compareUnsigned(address, rowAddress) > 0) {
          match(u, wanted, rowAddress, address, rowFile, rowLine, dirs, files, out);
        }
        if (endSeq) {
          haveRow = false;
          address = 0;
          file = 1;
          line = 1;
        } else {
          haveRow = true;
          rowAddress = address;
          rowFile = file;
          rowLine = line;
        }
      }
    }
  }

  private void match(
      Cursor u,
      long[] wanted,
      long from,
      long to,
      long file,
      long line,
      List<long[]> dirs,
      List<long[]> files,
      Map<Long, SourceLine> out) {
    int lo = 0;
    int hi = wanted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(wanted[mid], from) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = lo; i < wanted.length && Long.compareUnsigned(wanted[i], to) < 0; i++) {
      if (!out.containsKey(wanted[i])
          && file >= 0
          && file < files.size()
          && files.get((int) file) != null) {
        out.put(wanted[i], new SourceLine(path(u, files.get((int) file), dirs), line));
      }
    }
  }

  private static final int EMPTY = 0;
  private static final int INLINE = 1;
  private static final int LINE_STR = 2;
  private static final int STR = 3;

  private String text(Cursor u, long[] ref) {
    return switch ((int) ref[0]) {
      case INLINE -> u.cstringAt(ref[1]);
      case LINE_STR -> stringAt(lineStr, ref[1]);
      case STR -> stringAt(str, ref[1]);
      default -> "";
    };
  }

  private String path(Cursor u, long[] file, List<long[]> dirs) {
    String name = text(u, file);
    if (name.startsWith("/")) {
      return name;
    }
    long d = file[2];
    String dir = d >= 0 && d < dirs.size() ? text(u, dirs.get((int) d)) : "";
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  private void readEntries5(Cursor u, boolean dwarf64, List<long[]> into) {
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

package org.telemetrics.probes.crash.dwarf;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
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
    Optional<LineProgramHeader> read = LineProgramHeader.read(u, dwarf64, lineStr, str);
    if (read.isEmpty()) {
      return;
    }
    LineProgramHeader h = read.get();
    int minInst = h.minInst;
    int lineBase = h.lineBase;
    int lineRange = h.lineRange;
    int opcodeBase = h.opcodeBase;
    int[] opLengths = h.opLengths;

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
          match(h, wanted, rowAddress, address, rowFile, rowLine, out);
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

  private static void match(
      LineProgramHeader h,
      long[] wanted,
      long from,
      long to,
      long file,
      long line,
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
      if (!out.containsKey(wanted[i]) && h.hasFile(file)) {
        out.put(wanted[i], new SourceLine(h.path(file), line));
      }
    }
  }
}

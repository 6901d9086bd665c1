package org.telemetrics.probes.crash.dwarf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFile;
import org.telemetrics.probes.crash.elf.ElfFormatException;

/**
 * Call frame information of one ELF file ({@code .eh_frame}, found through the binary search table
 * of {@code .eh_frame_hdr} when there is one, or {@code .debug_frame}): finds the FDE of a PC and
 * runs its CFA program to the row for that PC. Addresses are link-time addresses.
 */
public final class CallFrameInfo {
  private final ByteBuffer section;
  private final long sectionAddr;
  private final boolean eh;

  /**
   * FDE start addresses (sorted) and the section offsets of their FDEs, from walking the section;
   * null when {@link #table} is used instead.
   */
  private final long[] starts;

  private final int[] offsets;

  /**
   * The binary search table of {@code .eh_frame_hdr} ({start, fde} pairs of sdata4, relative to
   * {@link #tableBase}), searched where it lies: libc's has thousands of entries and an unwinding
   * needs a few.
   */
  private final ByteBuffer table;

  private final int count;
  private final long tableBase;
  private final FrameEntries entries;

  private CallFrameInfo(
      ByteBuffer section,
      long sectionAddr,
      boolean eh,
      long[] starts,
      int[] offsets,
      FrameEntries entries) {
    this.section = section;
    this.sectionAddr = sectionAddr;
    this.eh = eh;
    this.starts = starts;
    this.offsets = offsets;
    this.table = null;
    this.count = starts.length;
    this.tableBase = 0;
    this.entries = entries;
  }

  private CallFrameInfo(
      ByteBuffer ehFrame, long ehAddr, ByteBuffer table, int count, long tableBase) {
    this.section = ehFrame;
    this.sectionAddr = ehAddr;
    this.eh = true;
    this.starts = null;
    this.offsets = null;
    this.table = table;
    this.count = count;
    this.tableBase = tableBase;
    this.entries = new FrameEntries(ehFrame, ehAddr, true);
  }

  private long startAt(int i) {
    return table == null ? starts[i] : tableBase + table.getInt(i * 8);
  }

  /** The FDE's offset in the section; -1 when the table points outside it. */
  private int offsetAt(int i) {
    if (table == null) {
      return offsets[i];
    }
    long off = tableBase + table.getInt(i * 8 + 4) - sectionAddr;
    return off < 0 || off >= section.limit() ? -1 : (int) off;
  }

  /** The CFI of a file: .eh_frame first, then .debug_frame; empty tables are left out. */
  public static List<CallFrameInfo> all(ElfFile file) {
    List<CallFrameInfo> out = new ArrayList<>();
    try {
      of(file).ifPresent(out::add);
    } catch (ElfFormatException e) {
      // unusable .eh_frame: try .debug_frame alone
    }
    if (file.section(".eh_frame").filter(s -> s.type() != ElfFile.SHT_NOBITS).isPresent()) {
      try {
        file.section(".debug_frame")
            .filter(s -> s.type() != ElfFile.SHT_NOBITS && s.size() > 0)
            .map(s -> scan(file.contents(s), 0, false))
            .ifPresent(out::add);
      } catch (ElfFormatException e) {
        // no usable .debug_frame
      }
    }
    out.removeIf(c -> c.count == 0);
    return out;
  }

  /** The CFI of a file: .eh_frame, else .debug_frame. */
  public static Optional<CallFrameInfo> of(ElfFile file) {
    Optional<ElfFile.Section> ehFrame =
        file.section(".eh_frame").filter(s -> s.type() != ElfFile.SHT_NOBITS && s.size() > 0);
    if (ehFrame.isPresent()) {
      ByteBuffer data = file.contents(ehFrame.get());
      CallFrameInfo fromHdr =
          file.section(".eh_frame_hdr")
              .filter(s -> s.type() != ElfFile.SHT_NOBITS)
              .map(h -> fromHeader(file.contents(h), h.addr(), data, ehFrame.get().addr()))
              .orElse(null);
      return Optional.of(fromHdr != null ? fromHdr : scan(data, ehFrame.get().addr(), true));
    }
    return file.section(".debug_frame")
        .filter(s -> s.type() != ElfFile.SHT_NOBITS && s.size() > 0)
        .map(s -> scan(file.contents(s), 0, false));
  }

  /** The row for {@code pc}, or empty when no FDE covers it. */
  public Optional<UnwindRow> rowFor(long pc) {
    int i = floor(pc);
    if (i < 0) {
      return Optional.empty();
    }
    int offset = offsetAt(i);
    FrameEntries.Fde fde = offset < 0 ? null : entries.fdeAt(offset);
    if (fde == null
        || Long.compareUnsigned(pc, fde.start()) < 0
        || Long.compareUnsigned(pc, fde.end()) >= 0) {
      return Optional.empty();
    }
    return Optional.of(run(fde, pc));
  }

  private int floor(long pc) {
    int lo = 0;
    int hi = count - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(startAt(mid), pc) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private static CallFrameInfo fromHeader(
      ByteBuffer hdr, long hdrAddr, ByteBuffer ehFrame, long ehAddr) {
    try {
      Cursor c = new Cursor(hdr);
      if (c.u8() != 1) {
        return null;
      }
      int ptrEnc = c.u8();
      int countEnc = c.u8();
      int tableEnc = c.u8();
      if (tableEnc != 0x3b) { // datarel | sdata4, what every linker writes
        return null;
      }
      PointerEncoding.read(c, ptrEnc, hdrAddr, hdrAddr);
      long count = PointerEncoding.read(c, countEnc, hdrAddr, hdrAddr);
      if (count < 0 || count > c.remaining() / 8) {
        return null;
      }
      // searched in place; an entry pointing outside .eh_frame is caught when it is looked up
      ByteBuffer table =
          hdr.duplicate()
              .position((int) c.position())
              .limit((int) c.position() + (int) count * 8)
              .slice()
              .order(ByteOrder.LITTLE_ENDIAN);
      return new CallFrameInfo(ehFrame, ehAddr, table, (int) count, hdrAddr);
    } catch (ElfFormatException e) {
      return null;
    }
  }

  /** Indexes every FDE by walking the section. */
  private static CallFrameInfo scan(ByteBuffer data, long addr, boolean eh) {
    FrameEntries entries = new FrameEntries(data, addr, eh);
    List<long[]> index = new ArrayList<>();
    Cursor c = new Cursor(data);
    try {
      while (c.remaining() >= 4) {
        int at = (int) c.position();
        long len = c.u32();
        if (len == 0) {
          if (eh) {
            break;
          }
          continue;
        }
        if (len == 0xffff_ffffL || len > c.remaining()) {
          break;
        }
        long next = c.position() + len;
        FrameEntries.Fde fde = entries.fdeAt(at);
        if (fde != null) {
          index.add(new long[] {fde.start(), at});
        }
        c.seek(next);
      }
    } catch (ElfFormatException e) {
      // keep what was indexed before the damage
    }
    index.sort((x, y) -> Long.compareUnsigned(x[0], y[0]));
    long[] starts = new long[index.size()];
    int[] offsets = new int[index.size()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = index.get(i)[0];
      offsets[i] = (int) index.get(i)[1];
    }
    return new CallFrameInfo(data, addr, eh, starts, offsets, entries);
  }

  private static UnwindRow run(FrameEntries.Fde fde, long pc) {
    FrameEntries.Cie cie = fde.cie();
    CfaProgram program = new CfaProgram(cie.codeAlign(), cie.dataAlign(), cie.fdeEncoding());
    return program.run(
        Cursor.of(cie.initial()),
        fde.program(),
        fde.start(),
        pc,
        cie.returnAddress(),
        cie.signalFrame());
  }

  @Override
  public String toString() {
    return "CallFrameInfo["
        + count
        + " FDEs"
        + (eh ? ", eh" : "")
        + "]"
        + (count > 0 ? " from 0x" + Long.toHexString(startAt(0)) : "");
  }
}

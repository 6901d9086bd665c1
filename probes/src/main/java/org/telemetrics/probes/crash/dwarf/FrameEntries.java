package org.telemetrics.probes.crash.dwarf;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFormatException;

/**
 * The entries of one call frame section ({@code .eh_frame} or {@code .debug_frame}): the FDE at a
 * section offset, with its CIE, parsed once and kept since many FDEs share one. A damaged entry
 * reads as none.
 */
final class FrameEntries {
  record Cie(
      long codeAlign,
      long dataAlign,
      int returnAddress,
      int fdeEncoding,
      boolean augmentationData,
      boolean signalFrame,
      byte[] initial) {}

  record Fde(Cie cie, long start, long end, Cursor program) {}

  private final ByteBuffer section;
  private final long sectionAddr;
  private final boolean eh;
  private final Map<Integer, Cie> cies = new HashMap<>();

  FrameEntries(ByteBuffer section, long sectionAddr, boolean eh) {
    this.section = section;
    this.sectionAddr = sectionAddr;
    this.eh = eh;
  }

  /** The FDE at a section offset, or null when the entry is a CIE or unreadable. */
  Fde fdeAt(int offset) {
    try {
      Cursor c = new Cursor(section);
      c.seek(offset);
      long len = c.u32();
      if (len == 0xffff_ffffL) {
        return null; // 64-bit DWARF is not used for x86_64 and aarch64 CFI
      }
      Cursor e = c.slice(len);
      long idPos = offset + 4;
      long id = e.u32();
      long cieOffset;
      if (eh) {
        if (id == 0) {
          return null;
        }
        cieOffset = idPos - id;
      } else {
        if (id == 0xffff_ffffL) {
          return null;
        }
        cieOffset = id;
      }
      if (cieOffset < 0 || cieOffset >= section.limit()) {
        return null;
      }
      Cie cie = cieAt((int) cieOffset);
      if (cie == null) {
        return null;
      }
      long windowAddr = sectionAddr + idPos;
      long start = PointerEncoding.read(e, cie.fdeEncoding(), windowAddr, 0);
      long range = PointerEncoding.read(e, cie.fdeEncoding() & 0x0f, 0, 0);
      if (cie.augmentationData()) {
        e.skip(e.uleb());
      }
      return new Fde(cie, start, start + range, e);
    } catch (ElfFormatException e) {
      return null;
    }
  }

  private Cie cieAt(int offset) {
    Cie cached = cies.get(offset);
    if (cached != null || cies.containsKey(offset)) {
      return cached;
    }
    Cie cie = null;
    try {
      cie = parseCie(offset);
    } catch (ElfFormatException e) {
      // unusable CIE: its FDEs are skipped
    }
    cies.put(offset, cie);
    return cie;
  }

  private Cie parseCie(int offset) {
    Cursor c = new Cursor(section);
    c.seek(offset);
    long len = c.u32();
    if (len == 0xffff_ffffL) {
      return null;
    }
    Cursor e = c.slice(len);
    long id = e.u32();
    if (eh ? id != 0 : id != 0xffff_ffffL) {
      return null;
    }
    int version = e.u8();
    String aug = e.cstring();
    if (version >= 4) {
      e.u8();
      e.u8();
    }
    long codeAlign = e.uleb();
    long dataAlign = e.sleb();
    int ra = version == 1 ? e.u8() : (int) e.uleb();
    int fdeEnc = 0;
    boolean signal = false;
    boolean z = aug.startsWith("z");
    if (z) {
      Cursor a = e.slice(e.uleb());
      for (int i = 1; i < aug.length(); i++) {
        switch (aug.charAt(i)) {
          case 'R' -> fdeEnc = a.u8();
          case 'L' -> a.u8();
          case 'P' -> {
            int enc = a.u8();
            PointerEncoding.read(a, enc & 0x0f, 0, 0); // the personality routine is not needed
          }
          case 'S' -> signal = true;
          default -> {}
        }
      }
    } else if (!aug.isEmpty()) {
      return null;
    }
    return new Cie(codeAlign, dataAlign, ra, fdeEnc, z, signal, e.bytes(e.remaining()));
  }
}

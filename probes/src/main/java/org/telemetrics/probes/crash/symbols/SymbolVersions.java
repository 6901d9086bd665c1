package org.telemetrics.probes.crash.symbols;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFile;
import org.telemetrics.probes.crash.elf.ElfFormatException;

/** The version names a shared object defines ({@code .gnu.version_d}), by version index. */
final class SymbolVersions {
  private static final int SHT_GNU_VERDEF = 0x6ffffffd;

  private SymbolVersions() {}

  /** Version names by version index, from .gnu.version_d. */
  static String[] of(ElfFile file) {
    Optional<ElfFile.Section> verdef = file.sectionOfType(SHT_GNU_VERDEF);
    if (verdef.isEmpty() || verdef.get().link() >= file.sections().size()) {
      return new String[0];
    }
    try {
      Cursor strings = new Cursor(file.contents(file.sections().get(verdef.get().link())));
      ByteBuffer data = file.contents(verdef.get());
      String[] out = new String[64];
      long at = 0;
      for (int n = 0; n < 4096; n++) {
        Cursor d = new Cursor(data);
        d.seek(at);
        d.u16();
        d.u16();
        int ndx = d.u16();
        d.u16();
        d.u32();
        long aux = d.u32();
        long next = d.u32();
        d.seek(at + aux);
        String name = strings.cstringAt(d.u32());
        if (ndx >= out.length) {
          out = Arrays.copyOf(out, Math.min(0x8000, ndx * 2));
        }
        if (ndx < out.length) {
          out[ndx] = name;
        }
        if (next == 0) {
          break;
        }
        at += next;
      }
      return out;
    } catch (ElfFormatException e) {
      return new String[0];
    }
  }
}

package org.telemetrics.probes.crash.symbols;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFile;
import org.telemetrics.probes.crash.elf.ElfFormatException;

/**
 * Function symbols of one symbol table ({@code .symtab} or {@code .dynsym}), sorted by address.
 * Dynamic symbols get their version appended as the linker writes it ({@code name@@VER} for the
 * default version, {@code name@VER} for others).
 */
public final class SymbolTable {
  static final int SHT_SYMTAB = 2;
  static final int SHT_DYNSYM = 11;
  private static final int SHT_GNU_VERSYM = 0x6fffffff;
  private static final int MAX_SYMBOLS = 4 << 20;

  private static final int CHUNK_SYMBOLS = 256;

  private final long[] values;
  private final long[] sizes;
  private final int[] nameOffsets;

  /** Version index, with 0x8000 for a hidden (non-default) version; -1 when unversioned. */
  private final int[] versionOf;

  private final ByteBuffer strings;
  private final String[] versions;

  /** The rows of {@link SymbolRows} in the order of {@code order}. */
  private SymbolTable(SymbolRows rows, int[] order, ByteBuffer strings, String[] versions) {
    values = new long[order.length];
    sizes = new long[order.length];
    nameOffsets = new int[order.length];
    versionOf = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      int r = order[i];
      values[i] = rows.values[r];
      sizes[i] = rows.sizes[r];
      nameOffsets[i] = rows.nameOffsets[r];
      versionOf[i] = rows.versions[r];
    }
    this.strings = strings;
    this.versions = versions;
  }

  public static Optional<SymbolTable> of(ElfFile file, int sectionType) {
    Optional<ElfFile.Section> sec =
        file.sectionOfType(sectionType)
            .filter(s -> s.type() != ElfFile.SHT_NOBITS && s.size() >= 24);
    if (sec.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(read(file, sec.get()));
    } catch (ElfFormatException e) {
      return Optional.empty();
    }
  }

  /** Reads the table; names stay bytes in the string table until a lookup needs one. */
  private static SymbolTable read(ElfFile file, ElfFile.Section s) {
    List<ElfFile.Section> all = file.sections();
    if (s.link() <= 0 || s.link() >= all.size()) {
      throw new ElfFormatException("symbol table without strings");
    }
    ByteBuffer strings = file.contents(all.get(s.link()));
    String[] versions = s.type() == SHT_DYNSYM ? SymbolVersions.of(file) : new String[0];
    Cursor versym =
        s.type() == SHT_DYNSYM
            ? file.sectionOfType(SHT_GNU_VERSYM).map(v -> new Cursor(file.contents(v))).orElse(null)
            : null;
    ByteBuffer table = file.contents(s);
    int count = (int) Math.min(table.limit() / 24, MAX_SYMBOLS);
    SymbolRows rows = new SymbolRows();
    // copied a chunk at a time and decoded from the array: a buffer's accessors, called six times
    // for each of libc's thousands of symbols, cost the short-lived probe milliseconds
    byte[] chunk = new byte[24 * CHUNK_SYMBOLS];
    int strLimit = strings.limit();
    for (int first = 0; first < count; first += CHUNK_SYMBOLS) {
      int n = Math.min(CHUNK_SYMBOLS, count - first);
      table.get(first * 24, chunk, 0, n * 24);
      for (int k = 0, p = 0; k < n; k++, p += 24) {
        int i = first + k;
        int info = chunk[p + 4] & 0xff;
        int type = info & 0xf;
        if ((type != 2 && type != 10) || u16(chunk, p + 6) == 0) {
          continue; // not a function, or undefined here
        }
        int bind = info >> 4;
        long nameOff = u32(chunk, p);
        long value = u64(chunk, p + 8);
        if (value == 0 || nameOff >= strLimit || strings.get((int) nameOff) == 0) {
          continue;
        }
        long size = u64(chunk, p + 16);
        int version = -1;
        if (versym != null && (i + 1L) * 2 <= versym.remaining() + versym.position()) {
          versym.seek(i * 2L);
          int v = versym.u16();
          int idx = v & 0x7fff;
          if (idx >= 2 && idx < versions.length && versions[idx] != null) {
            version = v;
          }
        }
        boolean hidden = version >= 0 && (version & 0x8000) != 0;
        int rank = (bind == 1 ? 0 : bind == 2 ? 2 : 4) + (hidden ? 1 : 0);
        rows.add(value, size, rank, (int) nameOff, version);
      }
    }
    return new SymbolTable(rows, rows.order(), strings, versions);
  }

  private static int u16(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int p) {
    return (b[p] & 0xffL)
        | (b[p + 1] & 0xffL) << 8
        | (b[p + 2] & 0xffL) << 16
        | (b[p + 3] & 0xffL) << 24;
  }

  private static long u64(byte[] b, int p) {
    return u32(b, p) | u32(b, p + 4) << 32;
  }

  /**
   * The name as the linker's own symbol table would show it: with its version only where the name
   * has several versions ({@code name@@VER} for the default one, {@code name@VER} else).
   */
  private String name(int i) {
    String base = new Cursor(strings).cstringAt(nameOffsets[i]);
    int v = versionOf[i];
    if (v < 0 || !hasOtherVersion(i)) {
      return base;
    }
    return base + ((v & 0x8000) != 0 ? "@" : "@@") + versions[v & 0x7fff];
  }

  private boolean hasOtherVersion(int i) {
    for (int j = 0; j < nameOffsets.length; j++) {
      if (j != i
          && versionOf[j] >= 0
          && versionOf[j] != versionOf[i]
          && sameString(nameOffsets[i], nameOffsets[j])) {
        return true;
      }
    }
    return false;
  }

  private boolean sameString(int a, int b) {
    if (a == b) {
      return true;
    }
    int limit = strings.limit();
    while (a < limit && b < limit) {
      byte x = strings.get(a++);
      if (x != strings.get(b++)) {
        return false;
      }
      if (x == 0) {
        return true;
      }
    }
    return false;
  }

  public int size() {
    return values.length;
  }

  /** The function containing {@code address} (a link-time address). */
  public Optional<String> lookup(long address) {
    int lo = 0;
    int hi = values.length - 1;
    int floor = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(values[mid], address) <= 0) {
        floor = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (floor < 0) {
      return Optional.empty();
    }
    // first entry (best ranked) among the aliases at the floor address
    int first = floor;
    while (first > 0 && values[first - 1] == values[floor]) {
      first--;
    }
    for (int i = first; i <= floor; i++) {
      if (sizes[i] > 0 && address - values[i] < sizes[i]) {
        return Optional.of(name(i));
      }
    }
    // a symbol further down may still enclose the address (nested or overlapping ranges)
    for (int i = first - 1; i >= Math.max(0, first - 32); i--) {
      if (sizes[i] > 0 && address - values[i] < sizes[i]) {
        return Optional.of(name(i));
      }
    }
    for (int i = first; i <= floor; i++) {
      if (sizes[i] == 0) {
        return Optional.of(name(i));
      }
    }
    return Optional.empty();
  }
}

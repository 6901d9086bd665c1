package org.telemetrics.probes.crash.symbols;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.telemetrics.probes.crash.dwarf.CallFrameInfo;
import org.telemetrics.probes.crash.dwarf.LineTable;
import org.telemetrics.probes.crash.dwarf.UnwindRow;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFile;
import org.telemetrics.probes.crash.elf.ElfFormatException;

/**
 * One ELF image mapped into the crashed process: its file (when it could be opened and matches the
 * core's build id), its separate debug file, and what they give: CFI, symbols and lines. Each is
 * read lazily, at most once.
 *
 * @see ModuleMap
 */
public final class Module {
  private final String path;
  private final long start;
  private final long end;
  private final ElfFile file;
  private final ElfFile debug;
  private final long bias;
  private final String displayName;
  private final String problem;
  private List<CallFrameInfo> fileCfi;
  private List<CallFrameInfo> debugCfi;
  private Optional<SymbolTable> symtab;
  private Optional<SymbolTable> debugSymtab;
  private Optional<SymbolTable> dynsym;
  private Optional<LineTable> lines;

  Module(
      String path, long start, long end, ElfFile file, ElfFile debug, long bias, String problem) {
    this.path = path;
    this.start = start;
    this.end = end;
    this.file = file;
    this.debug = debug;
    this.bias = bias;
    this.problem = problem;
    this.displayName = soname(file).orElse(path);
  }

  /** The name shown in backtraces: the library's soname, else the mapped path. */
  public String displayName() {
    return displayName;
  }

  public String path() {
    return path;
  }

  public boolean contains(long address) {
    return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
  }

  /** Run-time address minus link-time address. */
  public long bias() {
    return bias;
  }

  /** Why the file could not be used, if so. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /**
   * The CFI row for a link-time PC: the file's .eh_frame, its .debug_frame, the debug file's. The
   * debug file's tables are read only for a PC the file's own do not cover: its .debug_frame has no
   * index, so reading it means walking all of it.
   */
  public synchronized Optional<UnwindRow> unwindRow(long linkPc) {
    if (fileCfi == null) {
      fileCfi = file == null ? List.of() : safely(() -> CallFrameInfo.all(file), true);
    }
    Optional<UnwindRow> row = rowIn(fileCfi, linkPc);
    if (row.isPresent() || debug == null) {
      return row;
    }
    if (debugCfi == null) {
      debugCfi = safely(() -> CallFrameInfo.all(debug), true);
    }
    return rowIn(debugCfi, linkPc);
  }

  private static Optional<UnwindRow> rowIn(List<CallFrameInfo> tables, long linkPc) {
    for (CallFrameInfo c : tables) {
      try {
        Optional<UnwindRow> row = c.rowFor(linkPc);
        if (row.isPresent()) {
          return row;
        }
      } catch (ElfFormatException e) {
        // try the next table
      }
    }
    return Optional.empty();
  }

  /**
   * The function at a link-time address: .symtab, the debug file's .symtab, then .dynsym; each
   * table is read only when the ones before it have no name for an address.
   */
  public synchronized Optional<String> symbol(long linkAddress) {
    if (symtab == null) {
      symtab =
          file == null
              ? Optional.empty()
              : safely(() -> SymbolTable.of(file, SymbolTable.SHT_SYMTAB));
    }
    Optional<String> name = symtab.flatMap(s -> s.lookup(linkAddress));
    if (name.isPresent()) {
      return name;
    }
    if (debugSymtab == null) {
      debugSymtab =
          debug == null
              ? Optional.empty()
              : safely(() -> SymbolTable.of(debug, SymbolTable.SHT_SYMTAB));
    }
    name = debugSymtab.flatMap(s -> s.lookup(linkAddress));
    if (name.isPresent()) {
      return name;
    }
    if (dynsym == null) {
      dynsym =
          file == null
              ? Optional.empty()
              : safely(() -> SymbolTable.of(file, SymbolTable.SHT_DYNSYM));
    }
    return dynsym.flatMap(s -> s.lookup(linkAddress));
  }

  /** Line information: the file's own .debug_line, else the debug file's. */
  public synchronized Optional<LineTable> lines() {
    if (lines == null) {
      lines = file == null ? Optional.empty() : safely(() -> LineTable.of(file));
      if (lines.isEmpty() && debug != null) {
        lines = safely(() -> LineTable.of(debug));
      }
    }
    return lines;
  }

  private static <T> Optional<T> safely(Supplier<Optional<T>> s) {
    try {
      return s.get();
    } catch (ElfFormatException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private static <T> List<T> safely(Supplier<List<T>> s, boolean list) {
    try {
      return s.get();
    } catch (ElfFormatException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return List.of();
    }
  }

  /** DT_SONAME from the dynamic section. */
  private static Optional<String> soname(ElfFile f) {
    if (f == null) {
      return Optional.empty();
    }
    try {
      Optional<ElfFile.Section> dyn = f.section(".dynamic");
      if (dyn.isEmpty() || dyn.get().link() >= f.sections().size()) {
        return Optional.empty();
      }
      Cursor strings = new Cursor(f.contents(f.sections().get(dyn.get().link())));
      Cursor d = new Cursor(f.contents(dyn.get()));
      while (d.remaining() >= 16) {
        long tag = d.u64();
        long val = d.u64();
        if (tag == 0) {
          break;
        }
        if (tag == 14) {
          String name = strings.cstringAt(val);
          return name.isEmpty() ? Optional.empty() : Optional.of(name);
        }
      }
    } catch (ElfFormatException e) {
      // no usable soname
    }
    return Optional.empty();
  }
}

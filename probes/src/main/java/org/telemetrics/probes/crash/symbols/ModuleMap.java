package org.telemetrics.probes.crash.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telemetrics.files.FileErrors;
import org.telemetrics.probes.crash.core.CoreDump;
import org.telemetrics.probes.crash.core.FileMapping;
import org.telemetrics.probes.crash.elf.ElfFile;
import org.telemetrics.probes.crash.elf.ElfFormatException;

/**
 * The ELF images of a core, from its NT_FILE mappings. A file on disk is used only when its build
 * id matches the one recorded in the core (where the core has it): a library upgraded since the
 * crash would give wrong frames. Separate debug files are looked up by build id under {@code
 * <debugDir>/.build-id/xx/rest.debug}.
 */
public final class ModuleMap {
  /** Files opened at most; a hostile core may list any number of mappings. */
  static final int MAX_OPEN = 512;

  private final CoreDump core;
  private final Path debugDir;
  private final List<Mapped> mapped;
  private final Map<String, Optional<Module>> opened = new HashMap<>();

  /** All mappings of one path, spanning [start, end). */
  private record Mapped(String path, long start, long end, List<FileMapping> maps) {}

  private ModuleMap(CoreDump core, Path debugDir, List<Mapped> mapped) {
    this.core = core;
    this.debugDir = debugDir;
    this.mapped = mapped;
  }

  public static ModuleMap of(CoreDump core, Path debugDir) {
    Map<String, List<FileMapping>> byPath = new LinkedHashMap<>();
    for (FileMapping m : core.mappings()) {
      if (m.path().startsWith("/")) {
        byPath.computeIfAbsent(m.path(), k -> new ArrayList<>()).add(m);
      }
    }
    List<Mapped> mapped = new ArrayList<>();
    for (Map.Entry<String, List<FileMapping>> e : byPath.entrySet()) {
      long start = -1;
      long end = 0;
      for (FileMapping m : e.getValue()) {
        if (start == -1 || Long.compareUnsigned(m.start(), start) < 0) {
          start = m.start();
        }
        if (Long.compareUnsigned(m.end(), end) > 0) {
          end = m.end();
        }
      }
      mapped.add(new Mapped(e.getKey(), start, end, e.getValue()));
    }
    ModuleMap map = new ModuleMap(core, debugDir, mapped);
    core.vdso().ifPresent(map::addVdso);
    return map;
  }

  /** The vDSO has no file: its image comes from the core itself. */
  private void addVdso(CoreDump.VdsoImage vdso) {
    try {
      ElfFile image = ElfFile.of("[vdso]", ByteBuffer.wrap(vdso.image()));
      long size = vdso.image().length;
      mapped.add(
          0,
          new Mapped(
              "[vdso]",
              vdso.address(),
              vdso.address() + size,
              List.of(new FileMapping(vdso.address(), vdso.address() + size, 0, "[vdso]"))));
      opened.put(
          "[vdso]",
          Optional.of(
              new Module(
                  "[vdso]",
                  vdso.address(),
                  vdso.address() + size,
                  image,
                  null,
                  vdso.address() - image.linkBase(),
                  null)));
    } catch (ElfFormatException e) {
      // a damaged vDSO image: frames there stay unnamed
    }
  }

  /** Why files of modules used so far could not be used (replaced, unreadable, ...). */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    for (Optional<Module> m : opened.values()) {
      m.flatMap(Module::problem).ifPresent(out::add);
    }
    return out;
  }

  /** The module mapped at a run-time address; its file is opened on first use. */
  public Optional<Module> at(long address) {
    for (Mapped m : mapped) {
      if (Long.compareUnsigned(address, m.start()) >= 0
          && Long.compareUnsigned(address, m.end()) < 0) {
        for (FileMapping f : m.maps()) {
          if (f.contains(address)) {
            return module(m);
          }
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Module> module(Mapped m) {
    Optional<Module> known = opened.get(m.path());
    if (known != null) {
      return known;
    }
    Optional<Module> module =
        opened.size() >= MAX_OPEN
            ? Optional.empty()
            : Optional.ofNullable(open(core, m.path(), m.maps(), debugDir));
    opened.put(m.path(), module);
    return module;
  }

  private static Module open(CoreDump core, String path, List<FileMapping> maps, Path debugDir) {
    FileMapping first = maps.get(0);
    long start = first.start();
    long end = first.end();
    for (FileMapping m : maps) {
      if (Long.compareUnsigned(m.start(), start) < 0) {
        start = m.start();
      }
      if (Long.compareUnsigned(m.end(), end) > 0) {
        end = m.end();
      }
      if (m.fileOffset() < first.fileOffset()) {
        first = m;
      }
    }
    Optional<String> coreId = Optional.ofNullable(core.buildIds().get(first.start()));
    ElfFile file = null;
    String problem = null;
    try {
      file = ElfFile.open(pathOf(path));
      if (file.machine() != core.machine()) {
        problem = path + ": built for another machine";
        file = null;
      } else if (coreId.isPresent() && !coreId.equals(file.buildId())) {
        problem = path + ": build id differs from the crashed process's (file replaced?)";
        file = null;
      }
    } catch (IOException | ElfFormatException e) {
      if (!isElfLike(maps, core)) {
        return null; // a data file mapped into memory, not code
      }
      problem = "cannot read " + path + ": " + FileErrors.reason(e);
    }
    Optional<String> id =
        coreId.isPresent() ? coreId : file != null ? file.buildId() : Optional.empty();
    ElfFile debug = id.flatMap(b -> debugFile(debugDir, b)).orElse(null);
    if (file == null && debug == null && !coreId.isPresent() && problem == null) {
      return null;
    }
    long bias =
        file != null ? bias(file, first) : debug != null ? bias(debug, first) : first.start();
    return new Module(path, start, end, file, debug, bias, problem);
  }

  private static boolean isElfLike(List<FileMapping> maps, CoreDump core) {
    for (FileMapping m : maps) {
      if (core.buildIds().containsKey(m.start())) {
        return true;
      }
    }
    return false;
  }

  /** Run-time minus link-time address, from the mapping of the lowest file offset. */
  static long bias(ElfFile f, FileMapping m) {
    for (ElfFile.Segment s : f.segments()) {
      if (s.type() == ElfFile.PT_LOAD
          && m.fileOffset() >= (s.offset() & ~0xfffL)
          && m.fileOffset() < s.offset() + Math.max(s.filesz(), 1)) {
        return m.start() - m.fileOffset() - ((s.vaddr() - s.offset()) & ~0xfffL);
      }
    }
    return m.start() - m.fileOffset() - f.linkBase();
  }

  private static Optional<ElfFile> debugFile(Path debugDir, String buildId) {
    if (buildId.length() < 3) {
      return Optional.empty();
    }
    Path p =
        debugDir
            .resolve(".build-id")
            .resolve(buildId.substring(0, 2))
            .resolve(buildId.substring(2) + ".debug");
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ElfFile.open(p));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The mapped file's path as this JVM can name it. A JVM whose locale names files in ASCII (the
   * kernel starts crashprobe with no locale; the launcher sets a UTF-8 one) cannot make a path of
   * other characters: that module is one that cannot be read, not a failed unwind.
   */
  private static Path pathOf(String path) throws IOException {
    try {
      return Path.of(path);
    } catch (InvalidPathException e) {
      throw new IOException(
          "this JVM cannot name the path in its file name charset ("
              + System.getProperty("sun.jnu.encoding")
              + ")");
    }
  }
}

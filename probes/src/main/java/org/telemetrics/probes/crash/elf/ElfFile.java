package org.telemetrics.probes.crash.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A 64-bit little-endian ELF object (executable, shared library or separate debug file), mapped
 * read-only: its program headers, sections and build id. Only pages that are read count towards the
 * probe's memory.
 */
public final class ElfFile {
  public static final int PT_LOAD = 1;
  public static final int PT_NOTE = 4;
  public static final int SHT_NOBITS = 8;
  private static final long SHF_COMPRESSED = 0x800;
  private static final long MAX_SECTIONS = 65_535;
  private static final int MAX_INFLATED = 256 << 20;

  private final String name;
  private final ByteBuffer data;
  private final int machine;
  private final List<Segment> segments;
  private final List<Section> sections;

  /** A program header. */
  public record Segment(int type, int flags, long offset, long vaddr, long filesz, long memsz) {}

  /** A section header with its resolved name. */
  public record Section(
      String name,
      int type,
      long flags,
      long addr,
      long offset,
      long size,
      int link,
      int info,
      long entsize) {}

  private ElfFile(String name, ByteBuffer data) {
    this.name = name;
    this.data = data;
    Cursor h = new Cursor(data);
    if (data.limit() < 64 || h.u32() != 0x464c457fL) {
      throw new ElfFormatException(name + ": not an ELF file");
    }
    if (h.u8() != 2 || h.u8() != 1) {
      throw new ElfFormatException(name + ": not a 64-bit little-endian ELF file");
    }
    h.seek(18);
    machine = h.u16();
    h.seek(32);
    long phoff = h.u64();
    long shoff = h.u64();
    h.seek(54);
    int phentsize = h.u16();
    int phnum = h.u16();
    int shentsize = h.u16();
    int shnum = h.u16();
    int shstrndx = h.u16();
    segments = readSegments(phoff, phentsize, phnum);
    sections = readSections(shoff, shentsize, shnum, shstrndx);
  }

  /** Maps a regular file (symbolic links are followed; devices and FIFOs are refused). */
  public static ElfFile open(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IOException(path + ": not a regular file");
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new IOException(path + ": larger than 2 GiB");
      }
      ByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      try {
        return new ElfFile(path.toString(), map);
      } catch (ElfFormatException e) {
        throw new IOException(e.getMessage());
      }
    }
  }

  /** Parses bytes already in memory (tests, fuzzing). */
  public static ElfFile of(String name, ByteBuffer bytes) {
    return new ElfFile(name, bytes);
  }

  public String name() {
    return name;
  }

  /** e_machine: 62 x86_64, 183 aarch64. */
  public int machine() {
    return machine;
  }

  public List<Segment> segments() {
    return segments;
  }

  public List<Section> sections() {
    return sections;
  }

  public Optional<Section> section(String sectionName) {
    for (Section s : sections) {
      if (s.name().equals(sectionName)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  public Optional<Section> sectionOfType(int type) {
    for (Section s : sections) {
      if (s.type() == type) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Contents of a section, inflated when compressed; empty for NOBITS. */
  public ByteBuffer contents(Section s) {
    if (s.type() == SHT_NOBITS) {
      return ByteBuffer.allocate(0);
    }
    // compared without adding: offset + size may overflow
    if (s.offset() < 0
        || s.size() < 0
        || s.offset() > data.limit()
        || s.size() > data.limit() - s.offset()) {
      throw new ElfFormatException(name + ": section " + s.name() + " lies outside the file");
    }
    ByteBuffer raw =
        data.duplicate().position((int) s.offset()).limit((int) (s.offset() + s.size())).slice();
    return (s.flags() & SHF_COMPRESSED) != 0 ? inflate(s, raw) : raw;
  }

  /** The lowest virtual address of a loadable segment, page-aligned down: the link-time base. */
  public long linkBase() {
    long min = Long.MAX_VALUE;
    for (Segment s : segments) {
      if (s.type() == PT_LOAD) {
        min = Math.min(min, s.vaddr() - s.offset());
      }
    }
    return min == Long.MAX_VALUE ? 0 : min & ~0xfffL;
  }

  /** The GNU build id from a note section or segment, as lower-case hex. */
  public Optional<String> buildId() {
    for (Section s : sections) {
      if (s.type() == 7) { // SHT_NOTE
        Optional<String> id = Notes.buildId(new Cursor(contents(s)));
        if (id.isPresent()) {
          return id;
        }
      }
    }
    for (Segment p : segments) {
      if (p.type() == PT_NOTE
          && p.offset() >= 0
          && p.filesz() >= 0
          && p.offset() <= data.limit()
          && p.filesz() <= data.limit() - p.offset()) {
        Optional<String> id = Notes.buildId(new Cursor(data, p.offset(), p.filesz()));
        if (id.isPresent()) {
          return id;
        }
      }
    }
    return Optional.empty();
  }

  private List<Segment> readSegments(long phoff, int phentsize, int phnum) {
    List<Segment> out = new ArrayList<>();
    if (phnum == 0) {
      return out;
    }
    if (phentsize < 56) {
      throw new ElfFormatException(name + ": bad program header size " + phentsize);
    }
    Cursor c = new Cursor(data, phoff, (long) phentsize * phnum);
    for (int i = 0; i < phnum; i++) {
      Cursor p = c.slice(phentsize);
      int type = (int) p.u32();
      int flags = (int) p.u32();
      out.add(new Segment(type, flags, p.u64(), p.u64(), skipThen(p), p.u64()));
    }
    return List.copyOf(out);
  }

  private static long skipThen(Cursor p) {
    p.skip(8); // p_paddr
    return p.u64();
  }

  private List<Section> readSections(long shoff, int shentsize, int shnum, int shstrndx) {
    if (shoff == 0 || shnum == 0) {
      return List.of();
    }
    if (shentsize < 64 || shnum > MAX_SECTIONS) {
      throw new ElfFormatException(name + ": bad section header table");
    }
    Cursor c = new Cursor(data, shoff, (long) shentsize * shnum);
    List<long[]> raw = new ArrayList<>();
    for (int i = 0; i < shnum; i++) {
      Cursor s = c.slice(shentsize);
      raw.add(
          new long[] {
            s.u32(), s.u32(), s.u64(), s.u64(), s.u64(), s.u64(), s.u32(), s.u32(), s.u64(), s.u64()
          });
    }
    Cursor names = null;
    if (shstrndx < raw.size()) {
      long[] str = raw.get(shstrndx);
      names = new Cursor(data, str[4], str[5]);
    }
    List<Section> out = new ArrayList<>();
    for (long[] r : raw) {
      String n = "";
      if (names != null && r[0] < names.remaining() + names.position()) {
        n = names.cstringAt(r[0]);
      }
      out.add(new Section(n, (int) r[1], r[2], r[3], r[4], r[5], (int) r[6], (int) r[7], r[9]));
    }
    return List.copyOf(out);
  }

  private ByteBuffer inflate(Section s, ByteBuffer raw) {
    Cursor c = new Cursor(raw);
    long type = c.u32();
    c.u32();
    long size = c.u64();
    c.u64();
    if (type != 1 || size > MAX_INFLATED) {
      throw new ElfFormatException(name + ": unsupported compressed section " + s.name());
    }
    // zlib expands at most about 1032-fold: a larger claim is a lie, not a reason to allocate
    if (size < 0 || size > 1032L * raw.remaining() + 64) {
      throw new ElfFormatException(
          name
              + ": compressed section "
              + s.name()
              + " claims "
              + size
              + " bytes from "
              + raw.remaining());
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(raw.duplicate().position(24));
      byte[] out = new byte[(int) size];
      int n = 0;
      while (n < out.length && !inflater.finished()) {
        int got = inflater.inflate(out, n, out.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      return ByteBuffer.wrap(out, 0, n).slice();
    } catch (DataFormatException e) {
      throw new ElfFormatException(name + ": corrupt compressed section " + s.name());
    } finally {
      inflater.end();
    }
  }
}

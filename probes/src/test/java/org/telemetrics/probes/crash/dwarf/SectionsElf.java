package org.telemetrics.probes.crash.dwarf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An x86_64 ELF file made around the section contents a fuzz input gives, for {@link
 * DebugSectionsFuzzTarget}. The input is, for each of {@link #SECTIONS} in turn, a u32 address, a
 * u32 length and that many bytes (a length past the input's end takes what is left), then up to 32
 * PCs of a u32 each; all little-endian. The seeds are the sections of the test programs {@code
 * crashme.c} and {@code threads.c} built with {@code gcc -g -O2} (taken out with {@code objcopy
 * --dump-section}, their addresses from {@code readelf -S}), and the PCs of their functions.
 *
 * @param bytes the ELF file: its header, the sections' contents, their names and the header table
 * @param pcs the addresses to look up
 */
record SectionsElf(byte[] bytes, List<Long> pcs) {
  /** A section: its name, type, the index of the section it links to and its entry size. */
  record Spec(String name, int type, int link, int entrySize) {}

  /** In the file's order, after the null section at index 0; {@code .shstrtab} comes last. */
  static final List<Spec> SECTIONS =
      List.of(
          new Spec(".eh_frame_hdr", 1, 0, 0),
          new Spec(".eh_frame", 1, 0, 0),
          new Spec(".debug_frame", 1, 0, 0),
          new Spec(".debug_line", 1, 0, 0),
          new Spec(".debug_line_str", 1, 0, 0),
          new Spec(".debug_str", 1, 0, 0),
          new Spec(".symtab", 2, 8, 24),
          new Spec(".strtab", 3, 0, 0),
          new Spec(".dynsym", 11, 10, 24),
          new Spec(".dynstr", 3, 0, 0),
          new Spec(".gnu.version", 0x6fffffff, 9, 2),
          new Spec(".gnu.version_d", 0x6ffffffd, 10, 0));

  private static final Spec NAMES = new Spec(".shstrtab", 3, 0, 0);
  static final int MAX_PCS = 32;
  private static final int HEADER = 64;
  private static final int SECTION_HEADER = 64;

  static SectionsElf of(byte[] input) {
    ByteBuffer in = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
    long[] addresses = new long[SECTIONS.size()];
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < SECTIONS.size(); i++) {
      byte[] b = new byte[0];
      if (in.remaining() >= 8) {
        addresses[i] = Integer.toUnsignedLong(in.getInt());
        b = new byte[(int) Math.min(Integer.toUnsignedLong(in.getInt()), in.remaining())];
        in.get(b);
      }
      contents.add(b);
    }
    List<Long> pcs = new ArrayList<>();
    while (in.remaining() >= 4 && pcs.size() < MAX_PCS) {
      pcs.add(Integer.toUnsignedLong(in.getInt()));
    }
    return new SectionsElf(build(addresses, contents), List.copyOf(pcs));
  }

  private static byte[] build(long[] addresses, List<byte[]> contents) {
    StringBuilder names = new StringBuilder("\0");
    int[] nameAt = new int[SECTIONS.size() + 1];
    for (int i = 0; i <= SECTIONS.size(); i++) {
      nameAt[i] = names.length();
      names.append(i < SECTIONS.size() ? SECTIONS.get(i).name() : NAMES.name()).append('\0');
    }
    byte[] nameBytes = names.toString().getBytes(StandardCharsets.US_ASCII);
    int dataSize = contents.stream().mapToInt(b -> b.length).sum() + nameBytes.length;
    int tableAt = (HEADER + dataSize + 7) & ~7;
    int count = SECTIONS.size() + 2;
    ByteBuffer out =
        ByteBuffer.allocate(tableAt + count * SECTION_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(0x464c457f).put((byte) 2).put((byte) 1).put((byte) 1); // 64-bit, LE, version 1
    out.putShort(16, (short) 3).putShort(18, (short) 62).putInt(20, 1); // ET_DYN, x86_64
    out.putLong(40, tableAt).putShort(52, (short) HEADER).putShort(54, (short) 56);
    out.putShort(58, (short) SECTION_HEADER).putShort(60, (short) count);
    out.putShort(62, (short) (count - 1));
    int at = HEADER;
    for (int i = 0; i <= SECTIONS.size(); i++) {
      boolean last = i == SECTIONS.size();
      byte[] b = last ? nameBytes : contents.get(i);
      Spec spec = last ? NAMES : SECTIONS.get(i);
      out.put(at, b);
      int h = tableAt + (i + 1) * SECTION_HEADER;
      out.putInt(h, nameAt[i]).putInt(h + 4, spec.type());
      out.putLong(h + 16, last ? 0 : addresses[i]).putLong(h + 24, at).putLong(h + 32, b.length);
      out.putInt(h + 40, spec.link()).putLong(h + 48, 1).putLong(h + 56, spec.entrySize());
      at += b.length;
    }
    return out.array();
  }
}

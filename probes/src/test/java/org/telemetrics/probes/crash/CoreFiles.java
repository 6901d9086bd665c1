package org.telemetrics.probes.crash;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Rearranges core files for tests. */
final class CoreFiles {
  private CoreFiles() {}

  /**
   * The same core with its note segment moved in front of the memory, as the kernel lays cores out
   * (gdb writes the notes last).
   */
  static byte[] notesFirst(byte[] core) {
    ByteBuffer b = ByteBuffer.wrap(core).order(ByteOrder.LITTLE_ENDIAN);
    long phoff = b.getLong(32);
    int phnum = b.getShort(56) & 0xffff;
    int tableEnd = (int) phoff + phnum * 56;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < phnum; i++) {
      if (b.getInt((int) phoff + i * 56) == 4) {
        order.add(0, i);
      } else {
        order.add(i);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(core.length);
    byte[] head = java.util.Arrays.copyOf(core, tableEnd);
    ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    out.write(head, 0, head.length);
    long pos = tableEnd;
    for (int i : order) {
      int entry = (int) phoff + i * 56;
      long offset = b.getLong(entry + 8);
      long filesz = b.getLong(entry + 32);
      h.putLong(entry + 8, pos);
      out.write(core, (int) offset, (int) filesz);
      pos += filesz;
    }
    byte[] result = out.toByteArray();
    System.arraycopy(head, 0, result, 0, head.length);
    return result;
  }
}

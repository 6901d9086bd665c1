package org.telemetrics.probes.crash.core;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFormatException;
import org.telemetrics.probes.crash.elf.Notes;

/**
 * What a core's segments that start with an ELF header tell: the build id of each mapped image (to
 * check the files on disk against), and the first bytes of the vDSO, which has no file.
 */
final class MappedImages {
  private static final int ELF_PAGE = 4096;
  private static final int MAX_BUILD_IDS = 4096;

  /** Bytes kept of each segment that starts with an ELF header (the vDSO is two pages). */
  private static final int ELF_HEAD = 16 << 10;

  private static final int MAX_ELF_HEAD_BYTES = 4 << 20;

  private final Map<Long, String> buildIds = new HashMap<>();

  /** The first bytes of segments holding ELF images, until the notes name the vDSO. */
  private final Map<Long, byte[]> elfHeads = new HashMap<>();

  private long elfHeadBytes;

  /**
   * Looks at the first {@code n} bytes of a segment mapped at {@code vaddr}. {@code vdso} is the
   * vDSO's address once the notes are read, empty before.
   */
  void see(long vaddr, byte[] page, int n, Optional<Long> vdso) {
    if (n < 64
        || buildIds.size() >= MAX_BUILD_IDS
        || page[0] != 0x7f
        || page[1] != 'E'
        || page[2] != 'L'
        || page[3] != 'F') {
      return;
    }
    boolean wanted = vdso.isEmpty() ? elfHeadBytes < MAX_ELF_HEAD_BYTES : vaddr == vdso.get();
    if (wanted) {
      byte[] head = Arrays.copyOf(page, Math.min(n, ELF_HEAD));
      elfHeads.put(vaddr, head);
      elfHeadBytes += head.length;
    }
    Optional<String> id = buildId(page, n);
    if (id.isPresent()) {
      buildIds.put(vaddr, id.get());
    }
  }

  Map<Long, String> buildIds() {
    return Map.copyOf(buildIds);
  }

  /** The vDSO's first bytes, if its segment was seen. */
  Optional<CoreDump.VdsoImage> vdso(long address) {
    byte[] image = address != 0 ? elfHeads.get(address) : null;
    return image == null ? Optional.empty() : Optional.of(new CoreDump.VdsoImage(address, image));
  }

  private static Optional<String> buildId(byte[] page, int n) {
    try {
      Cursor c = new Cursor(ByteBuffer.wrap(page, 0, Math.min(n, ELF_PAGE)).slice());
      c.seek(32);
      long phoff = c.u64();
      c.seek(54);
      int phentsize = c.u16();
      int phnum = c.u16();
      for (int i = 0; i < phnum && phentsize >= 56; i++) {
        c.seek(phoff + (long) i * phentsize);
        long type = c.u32();
        c.u32();
        long off = c.u64();
        c.skip(16);
        long filesz = c.u64();
        if (type == CoreHeader.PT_NOTE && off + filesz <= c.position() + c.remaining()) {
          c.seek(off);
          Optional<String> id = Notes.buildId(c.slice(filesz));
          if (id.isPresent()) {
            return id;
          }
        }
      }
    } catch (ElfFormatException e) {
      // not a usable ELF header page: no build id to check against
    }
    return Optional.empty();
  }
}

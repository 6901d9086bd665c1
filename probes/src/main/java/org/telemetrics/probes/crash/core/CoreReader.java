package org.telemetrics.probes.crash.core;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFormatException;
import org.telemetrics.probes.crash.elf.Notes;

/**
 * Reads an ELF core dump once, front to back, from a stream (the kernel's pipe), keeping only what
 * the unwinder needs: the notes, the stack memory above each thread's stack pointer and the build
 * ids of mapped ELF images. Everything else streams past. Peak memory is bounded by {@link
 * CoreLimits}, not by the size of the core.
 *
 * <p>The kernel writes the notes first, so stacks are picked out as they stream by. gdb writes them
 * last; then writable segments are held (up to {@link CoreLimits#pendingBuffer()}) until the notes
 * say which parts are stacks, and the rest is dropped.
 */
public final class CoreReader {
  private static final int PF_W = 2;
  private static final int RED_ZONE = 128;
  private static final int BLOCK = 64 << 10;
  private static final int ELF_PAGE = 4096;
  private static final int MAX_BUILD_IDS = 4096;

  /** Bytes kept of each segment that starts with an ELF header (the vDSO is two pages). */
  private static final int ELF_HEAD = 16 << 10;

  private static final int MAX_ELF_HEAD_BYTES = 4 << 20;

  private final CoreLimits limits;

  /** Bytes being collected for [vaddr, vaddr + buf.length). */
  private record Window(long vaddr, byte[] buf) {
    long end() {
      return vaddr + buf.length;
    }
  }

  public CoreReader(CoreLimits limits) {
    this.limits = limits;
  }

  public CoreDump read(InputStream in) throws IOException {
    return read(in, null);
  }

  /**
   * Reads a core; when {@code copy} is given every byte is also written to it and the stream is
   * read to its end (for keeping the core).
   */
  public CoreDump read(InputStream in, OutputStream copy) throws IOException {
    return new Run(new CoreInput(in, copy)).read();
  }

  private final class Run {
    private final CoreInput in;
    private int machine;
    private NoteParser notes;
    private final List<Window> pending = new ArrayList<>();
    private long pendingBytes;
    private List<long[]> stackRanges;
    private final List<Window> kept = new ArrayList<>();
    private final Map<Long, String> buildIds = new HashMap<>();

    /** The first bytes of segments holding ELF images, until the notes name the vDSO. */
    private final Map<Long, byte[]> elfHeads = new HashMap<>();

    private long elfHeadBytes;
    private final List<String> problems = new ArrayList<>();

    /** One read buffer for all segments: every new array is fresh heap pages, so memory. */
    private final byte[] block = new byte[BLOCK];

    Run(CoreInput in) {
      this.in = in;
    }

    CoreDump read() throws IOException {
      byte[] header = new byte[64];
      if (in.readFully(header, 0, 64) < 64) {
        throw new CoreFormatException("input is shorter than an ELF header");
      }
      CoreHeader parsed = CoreHeader.read(header, in);
      machine = parsed.machine();
      try {
        for (CoreHeader.Segment s : parsed.segments()) {
          if (s.type() == CoreHeader.PT_NOTE) {
            readNotes(s);
          } else if (s.type() == CoreHeader.PT_LOAD) {
            readLoad(s);
          }
        }
        in.drainIfCopying();
      } catch (EOFException e) {
        problems.add("core truncated at byte " + in.pos);
      }
      if (notes == null) {
        throw new CoreFormatException(
            "core has no readable notes"
                + (problems.isEmpty() ? "" : " (" + problems.get(0) + ")"));
      }
      if (notes.threads.isEmpty()) {
        throw new CoreFormatException("core has no thread status notes");
      }
      problems.addAll(0, notes.problems);
      List<Memory.Chunk> chunks = new ArrayList<>();
      for (Window w : kept) {
        chunks.add(new Memory.Chunk(w.vaddr(), w.buf()));
      }
      long pid = notes.psPid > 0 ? notes.psPid : notes.threads.get(0).tid();
      byte[] vdsoImage = notes.vdsoAddress != 0 ? elfHeads.get(notes.vdsoAddress) : null;
      Optional<CoreDump.VdsoImage> vdso =
          vdsoImage == null
              ? Optional.empty()
              : Optional.of(new CoreDump.VdsoImage(notes.vdsoAddress, vdsoImage));
      return new CoreDump(
          machine,
          pid,
          notes.processName,
          notes.signal,
          List.copyOf(notes.threads),
          List.copyOf(notes.mappings),
          Map.copyOf(buildIds),
          vdso,
          new Memory(chunks),
          in.pos,
          List.copyOf(problems));
    }

    private void readNotes(CoreHeader.Segment s) throws IOException {
      if (s.filesz() > limits.maxNotes()) {
        problems.add(
            "note segment of " + s.filesz() + " bytes skipped (limit " + limits.maxNotes() + ")");
        return;
      }
      if (s.offset() < in.pos) {
        problems.add("note segment overlaps earlier data; skipped");
        return;
      }
      in.skipTo(s.offset());
      // grow with the data actually read, not with the size a damaged header claims
      byte[] bytes = new byte[(int) Math.min(s.filesz(), BLOCK)];
      int n = 0;
      while (n < s.filesz()) {
        if (n == bytes.length) {
          bytes = Arrays.copyOf(bytes, (int) Math.min(s.filesz(), 2L * bytes.length));
        }
        int got = in.readFully(bytes, n, bytes.length - n);
        n += got;
        if (got == 0) {
          break;
        }
      }
      if (notes == null) {
        notes = new NoteParser(machine);
      }
      try {
        notes.parse(new Cursor(ByteBuffer.wrap(bytes, 0, n).slice()));
      } catch (ElfFormatException e) {
        problems.add("notes: " + e.getMessage());
      }
      planStacks();
      if (n < s.filesz()) {
        throw new EOFException();
      }
    }

    /** After the notes: the stack windows to keep, and what of the held segments they need. */
    private void planStacks() {
      List<long[]> ranges = new ArrayList<>();
      long budget = limits.stackTotal();
      for (ThreadState t : notes.threads) {
        if (t.registers().length <= ThreadState.X86_64_RSP || budget <= 0) {
          continue;
        }
        long sp =
            machine == CoreDump.EM_X86_64
                ? t.sp()
                : t.registers().length > 31 ? t.registers()[31] : 0;
        long len = Math.min(limits.stackPerThread(), budget);
        long start = sp - RED_ZONE;
        ranges.add(new long[] {start, start + len});
        budget -= len;
      }
      ranges.sort((a, b) -> Long.compare(a[0], b[0]));
      List<long[]> merged = new ArrayList<>();
      for (long[] r : ranges) {
        if (!merged.isEmpty() && r[0] <= merged.get(merged.size() - 1)[1]) {
          long[] last = merged.get(merged.size() - 1);
          last[1] = Math.max(last[1], r[1]);
        } else {
          merged.add(r);
        }
      }
      stackRanges = merged;
      for (Window w : pending) {
        for (Window k : stackWindows(w.vaddr(), w.end())) {
          System.arraycopy(w.buf(), (int) (k.vaddr() - w.vaddr()), k.buf(), 0, k.buf().length);
          kept.add(k);
        }
      }
      pending.clear();
      pendingBytes = 0;
    }

    private List<Window> stackWindows(long from, long to) {
      List<Window> out = new ArrayList<>();
      for (long[] r : stackRanges) {
        long a = Math.max(r[0], from);
        long b = Math.min(r[1], to);
        if (a < b) {
          out.add(new Window(a, new byte[(int) (b - a)]));
        }
      }
      return out;
    }

    private void readLoad(CoreHeader.Segment s) throws IOException {
      long start = Math.max(s.offset(), in.pos);
      long end = s.offset() + s.filesz();
      if (start >= end) {
        return;
      }
      in.skipTo(start);
      long vFrom = s.vaddr() + (start - s.offset());
      long vTo = s.vaddr() + (end - s.offset());
      List<Window> windows;
      boolean holding = false;
      if (stackRanges != null) {
        windows = stackWindows(vFrom, vTo);
      } else if ((s.flags() & PF_W) != 0) {
        windows = new ArrayList<>();
        long len = vTo - vFrom;
        if (pendingBytes + len <= limits.pendingBuffer()) {
          windows.add(new Window(vFrom, new byte[(int) len]));
          pendingBytes += len;
        } else {
          // over the buffer: keep the top, where a thread's used stack is
          long top =
              Math.min(
                  len, Math.min(limits.stackPerThread(), limits.pendingBuffer() - pendingBytes));
          if (top > 0) {
            windows.add(new Window(vTo - top, new byte[(int) top]));
            pendingBytes += top;
          }
          if (top < len) {
            problems.add(
                "segment at 0x"
                    + Long.toHexString(vFrom)
                    + " came before the notes and was only partly kept");
          }
        }
        holding = true;
      } else {
        windows = List.of();
      }
      boolean atStart = start == s.offset();
      long v = vFrom;
      while (v < vTo) {
        int want = (int) Math.min(block.length, vTo - v);
        int n = in.readFully(block, 0, want);
        if (atStart) {
          noteElfHead(s.vaddr(), block, n);
          atStart = false;
        }
        for (Window w : windows) {
          long a = Math.max(w.vaddr(), v);
          long b = Math.min(w.end(), v + n);
          if (a < b) {
            System.arraycopy(block, (int) (a - v), w.buf(), (int) (a - w.vaddr()), (int) (b - a));
          }
        }
        v += n;
        if (n < want) {
          keep(windows, holding);
          throw new EOFException();
        }
      }
      keep(windows, holding);
    }

    private void keep(List<Window> windows, boolean holding) {
      (holding ? pending : kept).addAll(windows);
    }

    private void noteElfHead(long vaddr, byte[] page, int n) {
      if (n < 64
          || buildIds.size() >= MAX_BUILD_IDS
          || page[0] != 0x7f
          || page[1] != 'E'
          || page[2] != 'L'
          || page[3] != 'F') {
        return;
      }
      boolean wanted =
          notes == null ? elfHeadBytes < MAX_ELF_HEAD_BYTES : vaddr == notes.vdsoAddress;
      if (wanted) {
        byte[] head = Arrays.copyOf(page, Math.min(n, ELF_HEAD));
        elfHeads.put(vaddr, head);
        elfHeadBytes += head.length;
      }
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
              buildIds.put(vaddr, id.get());
              return;
            }
          }
        }
      } catch (ElfFormatException e) {
        // not a usable ELF header page: no build id to check against
      }
    }
  }
}

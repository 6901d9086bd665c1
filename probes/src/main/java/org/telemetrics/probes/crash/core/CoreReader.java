package org.telemetrics.probes.crash.core;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFormatException;

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
  private static final int BLOCK = 64 << 10;

  private final CoreLimits limits;

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
    private final List<MemoryWindow> pending = new ArrayList<>();
    private long pendingBytes;
    private StackRanges stacks;
    private final List<MemoryWindow> kept = new ArrayList<>();
    private final MappedImages images = new MappedImages();
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
      for (MemoryWindow w : kept) {
        chunks.add(new Memory.Chunk(w.vaddr(), w.buf()));
      }
      long pid = notes.psPid > 0 ? notes.psPid : notes.threads.get(0).tid();
      return new CoreDump(
          machine,
          pid,
          notes.processName,
          notes.signal,
          List.copyOf(notes.threads),
          List.copyOf(notes.mappings),
          images.buildIds(),
          images.vdso(notes.vdsoAddress),
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
      stacks = StackRanges.of(notes.threads, machine, limits);
      for (MemoryWindow w : pending) {
        for (MemoryWindow k : stacks.windows(w.vaddr(), w.end())) {
          k.fill(w.vaddr(), w.buf(), w.buf().length);
          kept.add(k);
        }
      }
      pending.clear();
      pendingBytes = 0;
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
      List<MemoryWindow> windows;
      boolean holding = false;
      if (stacks != null) {
        windows = stacks.windows(vFrom, vTo);
      } else if ((s.flags() & PF_W) != 0) {
        windows = new ArrayList<>();
        long len = vTo - vFrom;
        if (pendingBytes + len <= limits.pendingBuffer()) {
          windows.add(new MemoryWindow(vFrom, new byte[(int) len]));
          pendingBytes += len;
        } else {
          // over the buffer: keep the top, where a thread's used stack is
          long top =
              Math.min(
                  len, Math.min(limits.stackPerThread(), limits.pendingBuffer() - pendingBytes));
          if (top > 0) {
            windows.add(new MemoryWindow(vTo - top, new byte[(int) top]));
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
          images.see(
              s.vaddr(),
              block,
              n,
              notes == null ? Optional.empty() : Optional.of(notes.vdsoAddress));
          atStart = false;
        }
        for (MemoryWindow w : windows) {
          w.fill(v, block, n);
        }
        v += n;
        if (n < want) {
          keep(windows, holding);
          throw new EOFException();
        }
      }
      keep(windows, holding);
    }

    private void keep(List<MemoryWindow> windows, boolean holding) {
      (holding ? pending : kept).addAll(windows);
    }
  }
}

package org.telemetrics.probes.crash.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.Notes;

/** Reads the notes of a core's PT_NOTE segment(s). */
final class NoteParser {
  static final long NT_PRSTATUS = 1;
  static final long NT_PRPSINFO = 3;
  static final long NT_AUXV = 6;
  static final long NT_SIGINFO = 0x53494749L;
  static final long NT_FILE = 0x46494c45L;
  private static final int PRSTATUS_REGS = 112;
  private static final int X86_64_USER_REGS = 27;
  private static final int AARCH64_USER_REGS = 34;

  /** Mappings accepted from NT_FILE (the kernel allows 65530 by default, some tune 262144). */
  private static final long MAX_FILES = 1 << 18;

  private static final long AT_SYSINFO_EHDR = 33;

  /** user_regs_struct index of each x86_64 DWARF register 0..16. */
  private static final int[] X86_64_DWARF = {
    10, 12, 11, 5, 13, 14, 4, 19, 9, 8, 7, 6, 3, 2, 1, 0, 16
  };

  private final int machine;
  final List<ThreadState> threads = new ArrayList<>();
  final List<FileMapping> mappings = new ArrayList<>();
  Optional<CoreDump.Signal> signal = Optional.empty();
  long psPid = -1;

  /** AT_SYSINFO_EHDR from NT_AUXV: where the vDSO is mapped (0: none). */
  long vdsoAddress;

  Optional<String> processName = Optional.empty();
  final List<String> problems = new ArrayList<>();

  NoteParser(int machine) {
    this.machine = machine;
  }

  void parse(Cursor notes) {
    Notes.forEach(
        notes,
        n -> {
          if (!n.name().equals("CORE")) {
            return;
          }
          try {
            if (n.type() == NT_PRSTATUS) {
              prstatus(n.desc());
            } else if (n.type() == NT_PRPSINFO) {
              prpsinfo(n.desc());
            } else if (n.type() == NT_SIGINFO && n.desc().remaining() >= 24) {
              Cursor d = n.desc();
              int signo = d.s32();
              d.s32();
              int code = d.s32();
              d.s32();
              signal = Optional.of(new CoreDump.Signal(signo, code, d.u64()));
            } else if (n.type() == NT_FILE) {
              files(n.desc());
            } else if (n.type() == NT_AUXV) {
              auxv(n.desc());
            }
          } catch (RuntimeException e) {
            problems.add("bad note " + Long.toHexString(n.type()) + ": " + e.getMessage());
          }
        });
  }

  private void prstatus(Cursor d) {
    d.skip(12);
    int cursig = d.u16();
    d.skip(18);
    long pid = d.u32();
    d.seek(PRSTATUS_REGS);
    long[] regs;
    if (machine == CoreDump.EM_X86_64) {
      long[] user = new long[X86_64_USER_REGS];
      for (int i = 0; i < user.length; i++) {
        user[i] = d.u64();
      }
      regs = new long[X86_64_DWARF.length];
      for (int r = 0; r < regs.length; r++) {
        regs[r] = user[X86_64_DWARF[r]];
      }
    } else {
      // aarch64 (x0..x30, sp, pc, pstate) is kept as read; the unwinder reports it unsupported
      int n = Math.min(AARCH64_USER_REGS, d.remaining() / 8);
      regs = new long[n];
      for (int i = 0; i < n; i++) {
        regs[i] = d.u64();
      }
    }
    threads.add(new ThreadState(pid, cursig, regs));
  }

  private void prpsinfo(Cursor d) {
    d.seek(24);
    psPid = d.u32();
    d.seek(40);
    byte[] fname = d.bytes(16);
    int len = 0;
    while (len < fname.length && fname[len] != 0) {
      len++;
    }
    processName = Optional.of(new String(fname, 0, len, StandardCharsets.UTF_8));
  }

  private void auxv(Cursor d) {
    while (d.remaining() >= 16) {
      long type = d.u64();
      long value = d.u64();
      if (type == 0) {
        break;
      }
      if (type == AT_SYSINFO_EHDR) {
        vdsoAddress = value;
      }
    }
  }

  private void files(Cursor d) {
    long count = d.u64();
    long pageSize = d.u64();
    if (count < 0 || count > MAX_FILES || count * 24 > d.remaining()) {
      problems.add("NT_FILE: implausible count " + count);
      return;
    }
    long[][] ranges = new long[(int) count][];
    for (int i = 0; i < count; i++) {
      ranges[i] = new long[] {d.u64(), d.u64(), d.u64()};
    }
    for (int i = 0; i < count; i++) {
      String path = d.cstring();
      mappings.add(new FileMapping(ranges[i][0], ranges[i][1], ranges[i][2] * pageSize, path));
    }
  }
}

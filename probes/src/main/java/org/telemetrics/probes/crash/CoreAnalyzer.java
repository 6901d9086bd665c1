package org.telemetrics.probes.crash;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.probes.crash.core.CoreDump;
import org.telemetrics.probes.crash.core.ThreadState;
import org.telemetrics.probes.crash.payload.CrashPayload;
import org.telemetrics.probes.crash.payload.FrameLine;
import org.telemetrics.probes.crash.payload.Symbolizer;
import org.telemetrics.probes.crash.symbols.ModuleMap;
import org.telemetrics.probes.crash.unwind.ThreadBacktrace;
import org.telemetrics.probes.crash.unwind.X86_64Unwinder;

/** Unwinds and names every thread of a core, the crashing (dumping) thread first. */
final class CoreAnalyzer {
  static final int MAX_FRAMES = 64;

  /** Threads unwound at most; the payload has room for far fewer anyway. */
  static final int MAX_THREADS = 256;

  private CoreAnalyzer() {}

  /** Backtraces of all threads, and what went wrong on the way. */
  record Analysis(
      List<CrashPayload.ThreadBlock> threads,
      List<String> errors,
      boolean truncated,
      List<String> moduleProblems) {

    boolean hasUnnamedFrames() {
      for (CrashPayload.ThreadBlock t : threads) {
        for (FrameLine f : t.frames()) {
          if (f.function().isEmpty()) {
            return true;
          }
        }
      }
      return false;
    }

    /** Function names of the first thread's top frames, for flood control. */
    List<String> topFunctions(int n) {
      if (threads.isEmpty()) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (FrameLine f : threads.get(0).frames()) {
        if (out.size() == n) {
          break;
        }
        out.add(f.function().orElse("???") + "@" + f.module());
      }
      return List.copyOf(out);
    }
  }

  /**
   * The threads with the crashing one first. The kernel writes the dumping thread's note first; gdb
   * gives only the thread that stopped with the signal a non-zero signal.
   */
  static List<ThreadState> crashingFirst(CoreDump core) {
    int signal = core.signal().map(CoreDump.Signal::number).orElse(0);
    List<ThreadState> threads = new ArrayList<>(core.threads());
    for (int i = 0; i < threads.size(); i++) {
      ThreadState t = threads.get(i);
      if (t.signal() != 0 && (signal == 0 || t.signal() == signal)) {
        threads.add(0, threads.remove(i));
        break;
      }
    }
    return threads;
  }

  static Analysis analyze(CoreDump core, Path debugDir) {
    List<String> errors = new ArrayList<>();
    if (core.machine() != CoreDump.EM_X86_64) {
      errors.add(
          "Unwinding is not supported on this architecture (ELF machine "
              + core.machine()
              + (core.machine() == CoreDump.EM_AARCH64 ? ", aarch64" : "")
              + ")");
      return new Analysis(List.of(), errors, false, List.of());
    }
    ModuleMap modules = ModuleMap.of(core, debugDir);
    X86_64Unwinder unwinder = new X86_64Unwinder(modules, core.memory(), MAX_FRAMES);
    List<ThreadBacktrace> backtraces = new ArrayList<>();
    boolean truncated = false;
    List<ThreadState> threads = crashingFirst(core);
    if (threads.size() > MAX_THREADS) {
      threads = threads.subList(0, MAX_THREADS);
    }
    for (ThreadState t : threads) {
      ThreadBacktrace bt = unwinder.unwind(t);
      backtraces.add(bt);
      truncated |= bt.truncated();
      bt.error().ifPresent(e -> errors.add(e + " (TID " + t.tid() + ")"));
    }
    List<List<FrameLine>> named = Symbolizer.symbolize(backtraces);
    List<CrashPayload.ThreadBlock> blocks = new ArrayList<>();
    for (int i = 0; i < backtraces.size(); i++) {
      blocks.add(new CrashPayload.ThreadBlock(backtraces.get(i).tid(), named.get(i)));
    }
    return new Analysis(blocks, errors, truncated, modules.problems());
  }
}

package org.telemetrics.probes.crash.payload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.telemetrics.probes.crash.dwarf.LineTable;
import org.telemetrics.probes.crash.symbols.Module;
import org.telemetrics.probes.crash.unwind.Frame;
import org.telemetrics.probes.crash.unwind.ThreadBacktrace;

/** Names the frames of all threads; line tables are read once per module for all its frames. */
public final class Symbolizer {
  static final String UNKNOWN_MODULE = "unknown";

  private Symbolizer() {}

  public static List<List<FrameLine>> symbolize(List<ThreadBacktrace> threads) {
    Map<Module, Set<Long>> wanted = new HashMap<>();
    for (ThreadBacktrace t : threads) {
      for (Frame f : t.frames()) {
        f.module()
            .ifPresent(
                m -> wanted.computeIfAbsent(m, k -> new HashSet<>()).add(f.lookupPc() - m.bias()));
      }
    }
    Map<Module, Map<Long, LineTable.SourceLine>> lines = new HashMap<>();
    for (Map.Entry<Module, Set<Long>> e : wanted.entrySet()) {
      lines.put(e.getKey(), e.getKey().lines().map(t -> t.lookup(e.getValue())).orElse(Map.of()));
    }
    List<List<FrameLine>> out = new ArrayList<>();
    for (ThreadBacktrace t : threads) {
      List<FrameLine> frames = new ArrayList<>();
      for (Frame f : t.frames()) {
        if (f.module().isEmpty()) {
          frames.add(new FrameLine(Optional.empty(), UNKNOWN_MODULE, Optional.empty()));
          continue;
        }
        Module m = f.module().get();
        long link = f.lookupPc() - m.bias();
        frames.add(
            new FrameLine(
                m.symbol(link), m.displayName(), Optional.ofNullable(lines.get(m).get(link))));
      }
      out.add(frames);
    }
    return out;
  }
}

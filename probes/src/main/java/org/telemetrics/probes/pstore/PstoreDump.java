package org.telemetrics.probes.pstore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of one kernel log dump, oldest piece first (the highest part), and whether parts are
 * missing (then the pieces present are still read, in order).
 */
public record PstoreDump(String id, List<PstoreEntry> oldestFirst, boolean missingParts) {
  public PstoreDump {
    oldestFirst = List.copyOf(oldestFirst);
  }

  /** Groups entries into dumps, in name order of their first entry. */
  public static List<PstoreDump> group(List<PstoreEntry> entries) {
    Map<String, List<PstoreEntry>> byDump = new LinkedHashMap<>();
    entries.stream()
        .sorted(Comparator.comparing(PstoreEntry::name))
        .forEach(e -> byDump.computeIfAbsent(e.dump(), k -> new ArrayList<>()).add(e));
    List<PstoreDump> out = new ArrayList<>();
    byDump.forEach(
        (id, parts) -> {
          parts.sort(Comparator.comparingInt(PstoreEntry::part).reversed());
          int highest = parts.get(0).part();
          long distinct = parts.stream().mapToInt(PstoreEntry::part).distinct().count();
          boolean missing = parts.get(parts.size() - 1).part() != 1 || distinct != highest;
          out.add(new PstoreDump(id, parts, missing));
        });
    return out;
  }
}

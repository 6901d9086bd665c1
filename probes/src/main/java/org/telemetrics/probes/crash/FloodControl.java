package org.telemetrics.probes.crash;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;

/**
 * Per-signature hourly counts, so that a crash loop sends at most {@code limit} records an hour for
 * one signature (executable and top frames) and then, with the next crash after the hour, one
 * summary of how many were left out. Counters live in one small file, updated under a lock by
 * concurrent probes.
 */
final class FloodControl {
  static final long WINDOW_SECONDS = 3600;
  private static final int MAX_ENTRIES = 1000;
  private static final int MAX_FILE = 128 << 10;

  private final Path dir;
  private final long limit;
  private final Clock clock;

  /** Whether to send this crash, and a summary of the previous hour if one is due. */
  record Decision(boolean send, long suppressedBefore, long previousWindowStart) {}

  private record Entry(long windowStart, long count, long suppressed) {}

  FloodControl(Path dir, long limit, Clock clock) {
    this.dir = dir;
    this.limit = limit;
    this.clock = clock;
  }

  static String signature(String executable, List<String> topFrames) {
    StringBuilder text = new StringBuilder(executable);
    for (String f : topFrames) {
      text.append('\n').append(f);
    }
    return HexFormat.of()
        .formatHex(Sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
  }

  Decision record(String signature) throws IOException {
    if (limit <= 0) {
      return new Decision(true, 0, 0);
    }
    Directories.ensure(dir);
    Path state = dir.resolve("flood");
    try (FileChannel lockChannel =
        FileChannel.open(
            dir.resolve("flood.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      lockChannel.lock(); // released when the channel closes
      Map<String, Entry> entries = read(state);
      long now = clock.instant().getEpochSecond();
      Entry e = entries.get(signature);
      long suppressedBefore = 0;
      long previousStart = 0;
      if (e == null || now - e.windowStart() >= WINDOW_SECONDS || now < e.windowStart()) {
        if (e != null) {
          suppressedBefore = e.suppressed();
          previousStart = e.windowStart();
        }
        e = new Entry(now, 0, 0);
      }
      boolean send = e.count() < limit;
      e = new Entry(e.windowStart(), e.count() + 1, e.suppressed() + (send ? 0 : 1));
      entries.put(signature, e);
      write(state, entries);
      return new Decision(send, suppressedBefore, previousStart);
    }
  }

  /**
   * The counters; a state file that cannot be read (too large, not a regular file: damage, as the
   * probe writes it whole and small) is moved aside, and counting starts again without it.
   */
  private Map<String, Entry> read(Path state) throws IOException {
    Map<String, Entry> out = new LinkedHashMap<>();
    if (!Files.exists(state, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    byte[] bytes;
    try {
      bytes = RegularFiles.readBounded(state, MAX_FILE);
    } catch (IOException e) {
      DamagedFiles.moveAside(
          state, "unreadable flood-control counters: " + FileErrors.reason(e), clock.instant());
      return out;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      String[] f = line.split(" ");
      if (f.length != 4) {
        continue;
      }
      try {
        out.put(f[0], new Entry(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
      } catch (NumberFormatException e) {
        // a damaged line only loses that counter
      }
    }
    return out;
  }

  private void write(Path state, Map<String, Entry> entries) throws IOException {
    List<Map.Entry<String, Entry>> list = new ArrayList<>(entries.entrySet());
    list.sort((a, b) -> Long.compare(b.getValue().windowStart(), a.getValue().windowStart()));
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Entry> x : list.subList(0, Math.min(MAX_ENTRIES, list.size()))) {
      Entry e = x.getValue();
      sb.append(x.getKey())
          .append(' ')
          .append(e.windowStart())
          .append(' ')
          .append(e.count())
          .append(' ')
          .append(e.suppressed())
          .append('\n');
    }
    AtomicFiles.write(dir, state, sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}

package org.telemetrics.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A wall clock that a test sets for the daemons it starts, as {@code date -s} or NTP sets the
 * machine's: Debian's libfaketime, preloaded into their JVMs, reads an offset from a file that the
 * test rewrites while they run. Their monotonic clock stays the kernel's, as a clock step leaves
 * it. No daemon code knows about it.
 */
final class SettableWallClock {
  private static final List<String> LIBRARIES =
      List.of(
          "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
          "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
          "/usr/lib/faketime/libfaketime.so.1");

  private final Path library;
  private final Path offsetFile;

  private SettableWallClock(Path library, Path offsetFile) {
    this.library = library;
    this.offsetFile = offsetFile;
  }

  /** The installed libfaketime, or empty (the caller skips loudly). */
  static Optional<SettableWallClock> in(Path dir) {
    return LIBRARIES.stream()
        .map(Path::of)
        .filter(Files::isReadable)
        .findFirst()
        .map(lib -> new SettableWallClock(lib, dir.resolve("wall-clock-offset")));
  }

  /** Sets the daemons' wall clock this many seconds from the machine's (negative: behind). */
  void setOffsetSeconds(long seconds) throws IOException {
    Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
    Files.writeString(tmp, (seconds >= 0 ? "+" : "") + seconds + "\n");
    Files.move(tmp, offsetFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The environment that puts a daemon on this clock (set an offset first). */
  Map<String, String> environment() {
    return Map.of(
        "LD_PRELOAD",
        library.toString(),
        "FAKETIME_TIMESTAMP_FILE",
        offsetFile.toString(),
        "FAKETIME_CACHE_DURATION",
        "1", // the file is read again at most once a second
        "FAKETIME_DONT_FAKE_MONOTONIC",
        "1");
  }
}

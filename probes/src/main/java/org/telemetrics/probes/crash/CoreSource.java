package org.telemetrics.probes.crash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where crashprobe reads the core from: the file of {@code -c}, else standard input. */
final class CoreSource {
  private CoreSource() {}

  /** The core: -c (not through a symbolic link), else standard input (not a terminal). */
  static InputStream open(CrashArgs args, InputStream stdin) throws IOException {
    if (args.coreFile().isEmpty()) {
      if (stdinIsTerminal()) {
        throw new IOException("standard input is a terminal; pipe a core in or use -c");
      }
      return stdin;
    }
    Path p = Path.of(args.coreFile().get());
    if (Files.isSymbolicLink(p) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(p + " is not a regular file");
    }
    return Channels.newInputStream(
        FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
  }

  private static boolean stdinIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}

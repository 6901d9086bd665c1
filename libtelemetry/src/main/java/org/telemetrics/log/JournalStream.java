package org.telemetrics.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether standard error is connected to the journal. systemd sets {@code JOURNAL_STREAM} to the
 * device and inode numbers ({@code "DEV:INODE"}, decimal) of the stream it connected a service's
 * standard output or error to (systemd.exec(5)). The variable is inherited by children whose
 * standard error goes elsewhere (a pipe, a file, a terminal), so it counts only when it names the
 * file standard error is open on, as sd_journal_stream_fd's users are told to check.
 */
public final class JournalStream {
  public static final String VARIABLE = "JOURNAL_STREAM";

  private JournalStream() {}

  /** True if {@code journalStream} (the variable, or null) names the file standard error is. */
  public static boolean isStandardError(
      String journalStream, Supplier<Optional<String>> stderrIdentity) {
    if (journalStream == null || !journalStream.matches("[0-9]+:[0-9]+")) {
      return false;
    }
    return stderrIdentity.get().map(journalStream::equals).orElse(false);
  }

  /** {@code "DEV:INODE"} of what standard error is open on, if the system says. */
  public static Optional<String> ofStandardError() {
    return identity(Path.of("/proc/self/fd/2"));
  }

  /** {@code "DEV:INODE"} of a file (following links, as fstat sees an open descriptor). */
  public static Optional<String> identity(Path file) {
    try {
      long dev = (Long) Files.getAttribute(file, "unix:dev");
      long ino = (Long) Files.getAttribute(file, "unix:ino");
      return Optional.of(Long.toUnsignedString(dev) + ":" + Long.toUnsignedString(ino));
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | ClassCastException e) {
      return Optional.empty();
    }
  }
}

package org.telemetrics.probes.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.telemetrics.log.Log;

/**
 * Where the crash probe's log goes. Started by the kernel, the probe has no standard error (the
 * launcher points it at /dev/null); then the lines go to journald's stream socket instead, with
 * priority prefixes, so a crash handler's own problems are not silenced as they are in the C probe.
 * Otherwise they go to standard error, with prefixes only if that is the journal.
 */
final class ProbeLog {
  static final String NAME = "crashprobe";
  static final Path JOURNAL_SOCKET = Path.of("/run/systemd/journal/stdout");

  private ProbeLog() {}

  /** Standard error, or journald when standard error is /dev/null or closed. */
  static PrintStream standardErrorOrJournal(PrintStream stderr, Path journalSocket) {
    if (!stderrDiscarded()) {
      return stderr;
    }
    PrintStream journal = journal(journalSocket);
    return journal != null ? journal : stderr;
  }

  static boolean stderrDiscarded() {
    try {
      Path fd = Path.of("/proc/self/fd/2");
      return !Files.exists(fd, LinkOption.NOFOLLOW_LINKS)
          || Files.readSymbolicLink(fd).toString().equals("/dev/null");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** A stream into journald with the identifier {@code crashprobe}, or null. */
  static PrintStream journal(Path socket) {
    if (!Files.exists(socket)) {
      return null;
    }
    try {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
      OutputStream out = Channels.newOutputStream(ch);
      // identifier, unit, default priority, level prefix on, no syslog/kmsg/console forwarding
      out.write("crashprobe\n\n6\n1\n0\n0\n0\n".getBytes(StandardCharsets.US_ASCII));
      return new PrintStream(out, true, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The log for {@code err}, which {@link #standardErrorOrJournal} chose: journald's socket, which
   * was told to read level prefixes, or the process's standard error {@code stderr}.
   */
  static Log log(PrintStream err, PrintStream stderr, Map<String, String> env) {
    return err != stderr
        ? new Log(NAME, err, Log.Level.INFO)
        : Log.forStandardError(NAME, err, env);
  }
}

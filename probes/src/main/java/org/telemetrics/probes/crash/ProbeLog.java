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

/**
 * One line per event with a journald priority prefix ({@code <3>} error, {@code <4>} warning,
 * {@code <6>} info). Started by the kernel, the probe has no standard error (the launcher points
 * it at /dev/null); then the lines go to journald's stream socket instead, so a crash handler's
 * own problems are not silenced as they are in the C probe.
 */
final class ProbeLog {
  static final Path JOURNAL_STREAM = Path.of("/run/systemd/journal/stdout");

  private final PrintStream err;

  ProbeLog(PrintStream err) {
    this.err = err;
  }

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

  void error(String message) {
    line(3, message);
  }

  void warn(String message) {
    line(4, message);
  }

  void info(String message) {
    line(6, message);
  }

  private void line(int priority, String message) {
    err.println("<" + priority + ">crashprobe: " + message.replace('\n', ' '));
    err.flush();
  }
}

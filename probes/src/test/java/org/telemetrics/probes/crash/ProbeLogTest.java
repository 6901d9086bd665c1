package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ProbeLogTest {
  @TempDir Path dir;

  @Test
  void linesGoToJournaldsStreamSocketWithTheirPriority() throws Exception {
    Path socket = dir.resolve("stdout");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));

      PrintStream journal = ProbeLog.journal(socket);
      ProbeLog.log(journal, System.err, Map.of()).error("cannot read the core");
      journal.close();

      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (SocketChannel ch = server.accept()) {
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (ch.read(b) >= 0) {
          got.write(b.array(), 0, b.position());
          b.clear();
        }
      }
      assertThat(got.toString(StandardCharsets.UTF_8))
          .isEqualTo("crashprobe\n\n6\n1\n0\n0\n0\n<3>crashprobe: cannot read the core\n");
    }
  }

  @Test
  void withoutJournaldTheGivenStandardErrorIsKept() {
    PrintStream err = new PrintStream(new ByteArrayOutputStream());

    assertThat(ProbeLog.journal(dir.resolve("missing"))).isNull();
    assertThat(ProbeLog.standardErrorOrJournal(err, dir.resolve("missing"))).isSameAs(err);
  }
}

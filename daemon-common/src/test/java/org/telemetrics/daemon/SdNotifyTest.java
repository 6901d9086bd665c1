package org.telemetrics.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.telemetrics.record.Ids;

class SdNotifyTest {
  @TempDir Path tmp;

  private static String receive(AFUNIXDatagramChannel ch) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(1024);
    ch.receive(buf);
    buf.flip();
    return StandardCharsets.UTF_8.decode(buf).toString();
  }

  @Test
  void sendsToAPathSocket() throws Exception {
    Path path = tmp.resolve("notify.sock");
    try (AFUNIXDatagramChannel receiver = AFUNIXDatagramChannel.open()) {
      receiver.bind(AFUNIXSocketAddress.of(path));
      SdNotify notify = new SdNotify(path.toString());

      assertThat(notify.ready("listening\nFORGED=1")).isTrue();
      assertThat(receive(receiver))
          .isEqualTo(
              "READY=1\nSTATUS=listening FORGED=1\nMAINPID=" + ProcessHandle.current().pid());
      assertThat(notify.stopping()).isTrue();
      assertThat(receive(receiver)).isEqualTo("STOPPING=1");
    }
  }

  @Test
  void sendsToAnAbstractSocket() throws Exception {
    String name = "telemetrics-test-" + Ids.random128();
    try (AFUNIXDatagramChannel receiver = AFUNIXDatagramChannel.open()) {
      receiver.bind(AFUNIXSocketAddress.inAbstractNamespace(name));
      assertThat(new SdNotify("@" + name).status("busy")).isTrue();
      assertThat(receive(receiver)).isEqualTo("STATUS=busy");
    }
  }

  @Test
  void isANoOpWithoutNotifySocketAndNeverThrows() {
    assertThat(new SdNotify(null).ready("x")).isFalse();
    assertThat(new SdNotify("").ready("x")).isFalse();
    assertThat(new SdNotify(tmp.resolve("nobody-listens").toString()).ready("x")).isFalse();
    assertThat(new SdNotify("relative/path").ready("x")).isFalse();
  }
}

package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.RecordBuilder;

/**
 * A reader asked to stop waiting before the deadline (the accepting thread's first look) keeps what
 * it read, and a later call goes on from there; over a real Unix socket.
 */
@Timeout(30)
class FrameReaderTest {
  private static final HostInfo HOST =
      new HostInfo("x86_64", "a|b|c", "12", "6.1", "debian", "bn", "cpu", "bv");

  @TempDir Path dir;

  static byte[] frame() {
    return FrameCodec.encode(
        new Frame(
            Optional.empty(),
            RecordBuilder.create("org.example/reader/test", HOST)
                .payload("x".repeat(300))
                .build()));
  }

  static long inMillis(long ms) {
    return Ticker.system().nanos() + ms * 1_000_000;
  }

  @Test
  void aFrameNotWholeAtTheFirstLookIsReadOnLaterFromWhereItStopped() throws Exception {
    byte[] frame = frame();
    Path path = dir.resolve("s");
    try (AFUNIXServerSocket server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(path));
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      client.connect(UnixDomainSocketAddress.of(path));
      client.write(ByteBuffer.wrap(frame, 0, 100));
      try (AFUNIXSocket accepted = server.accept()) {
        FrameReader reader = new FrameReader(accepted, Ticker.system(), inMillis(10_000));

        assertThat(reader.readFrame(inMillis(20))).as("part of the frame only").isNull();
        client.write(ByteBuffer.wrap(frame, 100, frame.length - 100));
        assertThat(reader.readFrame(inMillis(20))).as("the whole frame, not its end").isNull();
        client.shutdownOutput();

        assertThat(reader.readFrame(Long.MAX_VALUE)).isEqualTo(frame);
      }
    }
  }

  @Test
  void atTheDeadlineItselfAnUnfinishedFrameIsRefusedNotPaused() throws Exception {
    byte[] frame = frame();
    Path path = dir.resolve("s");
    try (AFUNIXServerSocket server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(path));
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      client.connect(UnixDomainSocketAddress.of(path));
      client.write(ByteBuffer.wrap(Arrays.copyOf(frame, 100)));
      try (AFUNIXSocket accepted = server.accept()) {
        long deadline = inMillis(200);
        FrameReader reader = new FrameReader(accepted, Ticker.system(), deadline);
        assertThat(reader.readFrame(inMillis(20))).isNull();

        assertThatThrownBy(() -> reader.readFrame(Long.MAX_VALUE))
            .isInstanceOf(FrameReader.IncompleteFrameException.class)
            .hasMessage("timed out with 100 of " + frame.length + " frame bytes received");
      }
    }
  }

  @Test
  @Timeout(5)
  void aFirstLookAtAConnectionWithNothingYetDoesNotWait() throws Exception {
    byte[] frame = frame();
    Path path = dir.resolve("s");
    try (AFUNIXServerSocket server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(path));
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      client.connect(UnixDomainSocketAddress.of(path));
      try (AFUNIXSocket accepted = server.accept()) {
        long deadline = inMillis(60_000);
        FrameReader reader = new FrameReader(accepted, Ticker.system(), deadline);

        assertThat(reader.readFrame(deadline - 1)).isNull();

        client.write(ByteBuffer.wrap(frame));
        client.shutdownOutput();
        assertThat(reader.readFrame(deadline)).isEqualTo(frame);
      }
    }
  }
}

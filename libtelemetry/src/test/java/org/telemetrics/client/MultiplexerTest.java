package org.telemetrics.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many exchanges in flight from one thread, over a real Unix socket: each gets its own reply, in
 * whatever order the daemon answers.
 */
class MultiplexerTest {
  static final int EXCHANGES = 5;

  @TempDir Path dir;

  static Stream<OneRecordStream.Factory> multiplexers() {
    TelemetryClientTest.builtLibrary(); // NativeMultiplexer's calls live in the JNI library
    return Stream.of(SelectorMultiplexer::new, NativeMultiplexer::new);
  }

  /**
   * Reads every connection's frame to its end, then, once {@code go} is counted down, answers them
   * last one first.
   */
  static CompletableFuture<Void> answerInReverse(ServerSocketChannel server, CountDownLatch go) {
    return CompletableFuture.runAsync(
        () -> {
          List<SocketChannel> clients = new ArrayList<>();
          List<String> frames = new ArrayList<>();
          try {
            for (int i = 0; i < EXCHANGES; i++) {
              SocketChannel c = server.accept();
              clients.add(c);
              ByteBuffer buf = ByteBuffer.allocate(64);
              while (c.read(buf) >= 0) {
                // to the end of the client's data
              }
              frames.add(new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII));
            }
            go.await(10, TimeUnit.SECONDS); // bounded: a failed assertion never counts it down
            for (int i = EXCHANGES - 1; i >= 0; i--) {
              try (SocketChannel c = clients.get(i)) {
                c.write(ByteBuffer.wrap(("ANSWER " + frames.get(i) + "\n").getBytes()));
              }
            }
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("multiplexers")
  void eachExchangeGetsItsOwnReplyWhateverTheOrderOfTheAnswers(OneRecordStream.Factory factory)
      throws Exception {
    Path socket = dir.resolve("s");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Multiplexer multiplexer = factory.open()) {
      server.bind(UnixDomainSocketAddress.of(socket), EXCHANGES);
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<Void> daemon = answerInReverse(server, go);
      List<Multiplexer.InFlight> sent = new ArrayList<>();
      for (int i = 0; i < EXCHANGES; i++) {
        sent.add(multiplexer.start(socket, ("frame" + i).getBytes(), 2000, 5000, 512));
      }
      assertThat(multiplexer.inFlight()).isEqualTo(EXCHANGES); // all open before any answer
      go.countDown();

      for (int i = 0; i < EXCHANGES; i++) {
        multiplexer.await(sent.get(i));
        SocketReply reply = sent.get(i).reply();
        assertThat(reply.ending()).isEqualTo(SocketReply.Ending.ANSWERED);
        assertThat(new String(reply.bytes(), StandardCharsets.US_ASCII))
            .isEqualTo("ANSWER frame" + i + "\n");
      }
      assertThat(multiplexer.inFlight()).isZero();
      daemon.get(10, TimeUnit.SECONDS);
    }
  }
}

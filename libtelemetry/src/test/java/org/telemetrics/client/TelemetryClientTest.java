package org.telemetrics.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.frame.Ack;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.FrameListener;
import org.telemetrics.testing.TestRoot;

/** The client against a real Unix socket listener, through both kinds of socket exchange. */
class TelemetryClientTest {
  private static final String ACK = "ACCEPTED 0123456789abcdef0123456789abcdef\n";

  @TempDir Path dir;

  /**
   * The JNI library the build made (the surefire configuration names it), the JDK's way, and the
   * two ways of a record stream (one record at a time).
   */
  static Stream<SocketExchange> exchanges() {
    return Stream.of(
        builtLibrary(),
        new JdkSocketExchange(),
        OneRecordStream.selector(),
        OneRecordStream.nativeLibrary(TelemetryClientTest::builtLibrary));
  }

  static SocketExchange builtLibrary() {
    SocketExchange exchange =
        SocketExchanges.choose(System.getProperty(SocketExchanges.LIBRARY_PROPERTY));
    assertThat(exchange)
        .as("the library built from src/main/c")
        .isInstanceOf(NativeSocketExchange.class);
    return exchange;
  }

  TestRoot root() {
    return TestRoot.create(dir).set("probe_ack_timeout_ms", "2000");
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void theBytesReceivedDecodeToTheRecordSent(SocketExchange exchange) throws Exception {
    TestRoot root = root();
    try (FrameListener listener =
        FrameListener.listen(
            root.layout().socketPath(), bytes -> "ACCEPTED 0123456789abcdef0123456789abcdef\n")) {
      TelemetryClient client = TelemetryClient.create(root.config(), exchange);
      TelemetryRecord record =
          client
              .newRecord("org.example/test/one")
              .severity(2)
              .payload("payload\twith tab\n")
              .build();

      SendResult result = client.send(record);

      assertThat(result).isEqualTo(new SendResult.Accepted("0123456789abcdef0123456789abcdef"));
      Frame frame = FrameCodec.decode(listener.next(5));
      assertThat(frame.record()).isEqualTo(record);
      assertThat(frame.configPath()).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void aLargeRecordArrivesWhole(SocketExchange exchange) throws Exception {
    TestRoot root = root();
    try (FrameListener listener = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      TelemetryClient client = TelemetryClient.create(root.config(), exchange);
      TelemetryRecord record =
          client.newRecord("org.example/test/large").payload("x".repeat(8192)).build();

      assertThat(client.send(record).delivered()).isTrue();
      assertThat(FrameCodec.decode(listener.next(5)).record()).isEqualTo(record);
    }
  }

  @Test
  void anExplicitConfigFileTravelsInTheFrame() throws Exception {
    TestRoot root = root();
    try (FrameListener listener = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      TelemetryClient client =
          TelemetryClient.createWithExplicitConfig(
              ConfigLoader.load(Optional.of(root.configFile()), root.dir()));
      client.send(client.newRecord("a/b/c").build());
      assertThat(FrameCodec.decode(listener.next(5)).configPath())
          .contains(root.configFile().toString());
    }
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void notOptedInSendsNothing(SocketExchange exchange) throws Exception {
    TestRoot root = root();
    root.optOut();
    try (FrameListener listener = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      TelemetryClient client = TelemetryClient.create(root.config(), exchange);
      SendResult result = client.send(client.newRecord("a/b/c").build());

      assertThat(result).isInstanceOf(SendResult.Failed.class);
      assertThat(((SendResult.Failed) result).message())
          .isEqualTo("not opted in; run telemctl opt-in");
      assertThat(listener.idleFor(300)).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void aDaemonThatClosesWithoutReplyingCountsAsSent(SocketExchange exchange) throws Exception {
    TestRoot root = root();
    try (FrameListener listener = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      TelemetryClient client = TelemetryClient.create(root.config(), exchange);
      SendResult result = client.send(client.newRecord("a/b/c").build());

      assertThat(result).isEqualTo(new SendResult.SentUnacknowledged());
      assertThat(result.delivered()).isTrue();
      listener.next(5);
    }
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void aRejectionIsReportedWithItsReason(SocketExchange exchange) throws Exception {
    TestRoot root = root();
    try (FrameListener listener =
        FrameListener.listen(
            root.layout().socketPath(), b -> "REJECTED staging quota exceeded\n")) {
      TelemetryClient client = TelemetryClient.create(root.config(), exchange);
      SendResult result = client.send(client.newRecord("a/b/c").build());

      assertThat(result).isEqualTo(new SendResult.Rejected("staging quota exceeded"));
      assertThat(result.delivered()).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void aDaemonThatNeverAnswersFailsAfterTheAckDeadline(SocketExchange exchange) throws Exception {
    TestRoot root = root().set("probe_ack_timeout_ms", "300");
    try (ServerSocketChannel server = listenWithoutAccepting(root, 8);
        Silent silent = new Silent(server)) {
      TelemetryClient client = TelemetryClient.create(root.config(), exchange);
      long start = System.nanoTime();
      SendResult result = client.send(client.newRecord("a/b/c").build());

      assertThat(result).isInstanceOf(SendResult.Failed.class);
      assertThat(((SendResult.Failed) result).failure()).isEqualTo(SendResult.Failure.ACK_TIMEOUT);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
    }
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void anAckTimeoutOfZeroDoesNotWaitAndCountsAsSent(SocketExchange exchange) throws Exception {
    TestRoot root = root().set("probe_ack_timeout_ms", "0");
    try (ServerSocketChannel server = listenWithoutAccepting(root, 8);
        Silent silent = new Silent(server)) {
      TelemetryClient client = TelemetryClient.create(root.config(), exchange);

      assertThat(client.send(client.newRecord("a/b/c").build()))
          .isEqualTo(new SendResult.SentUnacknowledged());
    }
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void anAnswerThatIsNotAnAcknowledgementIsAFailure(SocketExchange exchange) throws Exception {
    TestRoot root = root();
    try (FrameListener listener =
        FrameListener.listen(root.layout().socketPath(), b -> "HTTP/1.1 200 OK\n")) {
      TelemetryClient client = TelemetryClient.create(root.config(), exchange);
      SendResult result = client.send(client.newRecord("a/b/c").build());

      assertThat(result).isInstanceOf(SendResult.Failed.class);
      assertThat(((SendResult.Failed) result).failure()).isEqualTo(SendResult.Failure.BAD_REPLY);
      assertThat(((SendResult.Failed) result).message())
          .contains("not an acknowledgement: \"HTTP/1.1 200 OK\"");
    }
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void noDaemonIsAConnectFailureNotAnException(SocketExchange exchange) {
    TestRoot root = root();
    TelemetryClient client = TelemetryClient.create(root.config(), exchange);
    SendResult result = client.send(client.newRecord("a/b/c").build());
    assertThat(result).isInstanceOf(SendResult.Failed.class);
    assertThat(((SendResult.Failed) result).failure()).isEqualTo(SendResult.Failure.CONNECT);
    assertThat(((SendResult.Failed) result).message())
        .startsWith("cannot send to telemprobd at " + root.layout().socketPath() + ": ")
        .containsIgnoringCase("no such file");
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void aSocketPathTooLongForTheKernelIsAnIoExceptionNotACrash(SocketExchange exchange)
      throws Exception {
    // the configuration refuses such a socket_path; the exchanges guard it as well
    Path deep = dir.resolve("d".repeat(100)).resolve("telem-0");
    Files.createDirectories(deep.getParent());

    assertThatThrownBy(() -> exchange.exchange(deep, new byte[] {1}, 300, 300, Ack.MAX_LENGTH))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aBugInTheExchangeIsAFailedResultNotAnExceptionAtTheHostApplication() {
    TestRoot root = root();
    SocketExchange broken =
        (socket, frame, sendMs, ackMs, max) -> {
          throw new IllegalStateException("broken exchange");
        };
    TelemetryClient client = TelemetryClient.create(root.config(), broken);

    SendResult result = client.send(client.newRecord("a/b/c").build());

    assertThat(result).isInstanceOf(SendResult.Failed.class);
    assertThat(((SendResult.Failed) result).failure()).isEqualTo(SendResult.Failure.IO);
    assertThat(((SendResult.Failed) result).message()).contains("broken exchange");
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void aFullBacklogIsWaitedForUntilTheDeadline(SocketExchange exchange) throws Exception {
    TestRoot root = root().set("probe_connect_timeout_ms", "300");
    try (ServerSocketChannel server = listenWithoutAccepting(root, 1);
        QueuedConnections queued = QueuedConnections.of(root.layout().socketPath())) {
      TelemetryClient client = TelemetryClient.create(root.config(), exchange);
      long start = System.nanoTime();
      SendResult result = client.send(client.newRecord("a/b/c").build());

      assertThat(result)
          .isEqualTo(
              new SendResult.Failed(
                  SendResult.Failure.TIMEOUT,
                  "timed out connecting to " + root.layout().socketPath()));
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
    }
  }

  /** The JDK's channels see a full backlog as EAGAIN at once; the record must not fail on it. */
  @ParameterizedTest
  @MethodSource("exchanges")
  void aRecordWaitsOutABacklogThatFillsAndThenDrains(SocketExchange exchange) throws Exception {
    TestRoot root = root().set("probe_connect_timeout_ms", "5000");
    try (ServerSocketChannel server = listenWithoutAccepting(root, 1);
        QueuedConnections queued = QueuedConnections.of(root.layout().socketPath())) {
      CompletableFuture<Void> daemon =
          CompletableFuture.runAsync(
              () -> {
                try {
                  Thread.sleep(300); // busy for a while, then it drains the backlog
                  for (int i = 0; i < queued.connections().size(); i++) {
                    server.accept().close();
                  }
                  try (SocketChannel probe = server.accept()) {
                    ByteBuffer buf = ByteBuffer.allocate(16384);
                    while (probe.read(buf) >= 0) {
                      // to the end of the frame
                    }
                    probe.write(ByteBuffer.wrap(ACK.getBytes(StandardCharsets.US_ASCII)));
                  }
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      TelemetryClient client = TelemetryClient.create(root.config(), exchange);
      long start = System.nanoTime();
      SendResult result = client.send(client.newRecord("a/b/c").build());

      assertThat(result).isEqualTo(new SendResult.Accepted("0123456789abcdef0123456789abcdef"));
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
      daemon.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aLibraryThatCannotBeLoadedLeavesTheJdkChannels() {
    assertThat(SocketExchanges.choose(dir.resolve("missing.so").toString()))
        .isInstanceOf(JdkSocketExchange.class);
    assertThat(SocketExchanges.choose("relative/libtelemetrics-socket.so"))
        .isInstanceOf(JdkSocketExchange.class);
    assertThat(SocketExchanges.choose("")).isInstanceOf(JdkSocketExchange.class);
    assertThat(SocketExchanges.choose(null)).isInstanceOf(JdkSocketExchange.class);
  }

  private static ServerSocketChannel listenWithoutAccepting(TestRoot root, int backlog)
      throws Exception {
    Path socket = root.layout().socketPath();
    Files.createDirectories(socket.getParent());
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket), backlog);
    return server;
  }

  /** The connections that fill a listening socket's backlog; closing closes them all. */
  private record QueuedConnections(List<SocketChannel> connections) implements AutoCloseable {
    /** Connects until the kernel refuses another queued connection (EAGAIN). */
    static QueuedConnections of(Path socket) throws Exception {
      List<SocketChannel> queued = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.configureBlocking(false);
        try {
          c.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException full) {
          c.close();
          return new QueuedConnections(queued);
        }
        queued.add(c);
      }
      throw new AssertionError("the backlog never filled");
    }

    @Override
    public void close() throws IOException {
      for (SocketChannel c : connections) {
        c.close();
      }
    }
  }

  /** Accepts one connection, reads the frame and then holds the connection open, silent. */
  private static final class Silent implements AutoCloseable {
    private final Thread thread;
    private volatile SocketChannel held;

    Silent(ServerSocketChannel server) {
      thread =
          new Thread(
              () -> {
                try {
                  held = server.accept();
                  ByteBuffer buf = ByteBuffer.allocate(16384);
                  while (held.read(buf.clear()) >= 0) {
                    // until the client half-closes
                  }
                } catch (IOException e) {
                  // closed by the test
                }
              },
              "silent-daemon");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws Exception {
      if (held != null) {
        held.close();
      }
      thread.join(2000);
    }
  }
}

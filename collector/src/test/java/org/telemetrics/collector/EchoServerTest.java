package org.telemetrics.collector;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of the collector's HTTP server share: an {@link EchoHttpServer} on a real loopback
 * port, started and closed around each test, on a clock the test moves, and a raw connection to it.
 */
abstract class EchoServerTest {
  static final int IDLE_MILLIS = 60_000;
  final AtomicLong nanos = new AtomicLong();
  BlockingHttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = EchoHttpServer.start(IDLE_MILLIS, nanos::get);
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
  }

  RawHttpConnection connect() throws IOException {
    return new RawHttpConnection(server.address().getPort());
  }
}

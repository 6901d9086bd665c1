package org.telemetrics.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import org.telemetrics.log.Log;

/**
 * The server on a loopback port with a handler that answers each request with its method, path and
 * body (or "too large"), and a body limit of {@value #BODY_LIMIT} bytes, for the tests that speak
 * HTTP to it byte by byte.
 */
final class EchoHttpServer {
  static final int BODY_LIMIT = 16;

  private EchoHttpServer() {}

  static BlockingHttpServer start(int idleMillis, LongSupplier nanos) throws IOException {
    return new BlockingHttpServer(
        BlockingHttpServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
        r ->
            HttpAnswer.text(
                200,
                r.method()
                    + " "
                    + r.path()
                    + " "
                    + (r.body() == null ? "too large" : new String(r.body()))
                    + "\n"),
        BODY_LIMIT,
        idleMillis,
        new Log("t", new PrintStream(new ByteArrayOutputStream()), Log.Level.INFO),
        nanos);
  }
}

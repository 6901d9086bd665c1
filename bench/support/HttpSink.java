import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A lean HTTP/1.1 sink for benches: answers every request with 201 on kept-alive connections, a
 * thread per connection, and calls back once per request. It reads requests with a
 * Content-Length body (what telempostd sends) and nothing else, so the bench's own share of two
 * CPUs stays small (the JDK HttpServer costs several times more per request).
 */
final class HttpSink implements AutoCloseable {
  interface Hit {
    void received();
  }

  private static final byte[] CREATED =
      "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  HttpSink(int port, Hit hit) throws IOException {
    server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          Socket s = server.accept();
          open.add(s);
          Thread t = new Thread(() -> serve(s, hit), "sink");
          t.setDaemon(true);
          t.start();
        }
      } catch (IOException e) {
        // closed
      }
    }, "sink-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void serve(Socket s, Hit hit) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream(), 16384);
      OutputStream out = s.getOutputStream();
      StringBuilder line = new StringBuilder();
      while (true) {
        long length = 0;
        boolean any = false;
        while (true) { // request line and headers, up to the empty line
          line.setLength(0);
          int c;
          while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
              line.append((char) c);
            }
          }
          if (c < 0) {
            return;
          }
          if (line.length() == 0) {
            if (any) {
              break;
            }
            continue;
          }
          any = true;
          String header = line.toString();
          if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
            length = Long.parseLong(header.substring(15).trim());
          }
        }
        in.skipNBytes(length);
        out.write(CREATED);
        out.flush();
        hit.received();
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or the sink was closed
    }
  }

  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  int port() {
    return server.getLocalPort();
  }

  /** Stops listening and drops every connection, as a server going down does. */
  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }
}

package org.telemetrics.collector;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain loopback socket to the server, for writing requests byte by byte as a client might. */
final class RawHttpConnection implements AutoCloseable {
  private static final Pattern LENGTH = Pattern.compile("Content-Length: (\\d+)");
  private final Socket socket;

  RawHttpConnection(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(10_000);
  }

  RawHttpConnection send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** One answer and its Content-Length body, or what came before the connection ended. */
  String answer() throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString();
      }
      head.append((char) b);
    }
    Matcher m = LENGTH.matcher(head);
    int length = m.find() ? Integer.parseInt(m.group(1)) : 0; // none on 100 Continue
    return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  /** Whether the server closed the connection (nothing more to read). */
  boolean closedByServer() throws IOException {
    return socket.getInputStream().read() == -1;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

package org.telemetrics.collector;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * Ends a connection whose answer refused a request the client may still be sending (a malformed
 * head, a body over the limit). Closing a socket with unread bytes resets the connection, and the
 * reset can reach the client before it has read the answer, which is then lost: so the server stops
 * writing, reads and drops what still comes for a bounded time and number of bytes, then closes.
 */
final class LingeringClose {
  static final long MAX_MILLIS = 2_000;
  static final long MAX_BYTES = 1 << 20;

  private LingeringClose() {}

  /** Drains {@code socket} after its last answer; the caller closes it. */
  static void drain(Socket socket) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS);
    try {
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      byte[] dropped = new byte[8192];
      long left = MAX_BYTES;
      while (left > 0) {
        long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (millis <= 0) {
          return;
        }
        socket.setSoTimeout((int) millis);
        int n = in.read(dropped, 0, (int) Math.min(dropped.length, left));
        if (n < 0) {
          return;
        }
        left -= n;
      }
    } catch (IOException e) {
      // gone, silent past the deadline or reset: close now
    }
  }
}

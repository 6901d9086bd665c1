package org.telemetrics.collector;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The server's open connections, each with the monotonic time its current wait began: from its
 * accept until its first answer, then from each answer until the next. A connection waited on
 * longer than the idle timeout is closed, so a client that sends half a request and goes silent, or
 * never reads its answer, gives its slot back.
 */
final class ConnectionSlots {
  private final Map<Socket, Long> open = new ConcurrentHashMap<>();
  private final long idleTimeoutNanos;
  private final LongSupplier nanoTime;

  ConnectionSlots(int idleTimeoutMillis, LongSupplier nanoTime) {
    this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
    this.nanoTime = nanoTime;
  }

  /** The connection's wait starts now (on its accept, and on each answer). */
  void waitingFromNow(Socket socket) {
    open.put(socket, nanoTime.getAsLong());
  }

  void remove(Socket socket) {
    open.remove(socket);
  }

  int size() {
    return open.size();
  }

  /** Closes the connections whose current wait has passed the idle timeout. */
  void closeIdle() {
    long now = nanoTime.getAsLong();
    open.forEach(
        (socket, since) -> {
          if (now - since > idleTimeoutNanos) {
            closeQuietly(socket); // the thread blocked on it then ends with a SocketException
          }
        });
  }

  void closeAll() {
    open.keySet().forEach(ConnectionSlots::closeQuietly);
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing more to do
    }
  }
}

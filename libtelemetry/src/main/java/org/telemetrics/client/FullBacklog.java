package org.telemetrics.client;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A full listen backlog seen through the JDK's channels. A non-blocking connect to a Unix socket
 * whose backlog is full fails with EAGAIN at once (connect(2)) instead of waiting, and the JDK
 * reports it as a plain {@link SocketException}; the daemon is there, only busy, so the connect is
 * tried again after a short pause until the send deadline, as the JNI library's blocking connect
 * waits. A missing socket (ENOENT, also a plain SocketException) and a refused connection ({@link
 * java.net.ConnectException}) still fail at once.
 */
final class FullBacklog {
  private static final long FIRST_PAUSE_NANOS = 1_000_000;
  private static final long LONGEST_PAUSE_NANOS = 16_000_000;

  private FullBacklog() {}

  /** Whether a failed connect to {@code socket} means its backlog is full. */
  static boolean isFull(IOException e, Path socket) {
    return e.getClass() == SocketException.class && Files.exists(socket);
  }

  /** The pause before connect attempt {@code attempt + 1}: 1 ms, doubling up to 16 ms. */
  static long pauseNanos(int attempt) {
    return Math.min(LONGEST_PAUSE_NANOS, FIRST_PAUSE_NANOS << Math.min(attempt, 16));
  }
}

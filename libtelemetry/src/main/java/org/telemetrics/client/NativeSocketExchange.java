package org.telemetrics.client;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The exchange in a few system calls of our JNI library ({@code libtelemetrics-socket.so}, from
 * {@code src/main/c}). It costs a probe well under a millisecond to set up, where the JDK's
 * channels cost 13-16 ms (see {@link JdkSocketExchange}).
 */
final class NativeSocketExchange implements SocketExchange {
  // Results of the native call besides a reply length (the C code includes them from the header
  // javac generates).
  static final int TIMED_OUT_CONNECTING = -2;
  static final int TIMED_OUT_WRITING = -3;
  static final int TIMED_OUT_AWAITING_REPLY = -4;

  /** The most sockets {@link #pollReplies} takes at once. */
  static final int MAX_POLLED = 1024;

  /** A socket path's bytes must leave room for the NUL in {@code sockaddr_un.sun_path[108]}. */
  static final int MAX_PATH_BYTES = 107;

  private static final Charset PATH_CHARSET = pathCharset();

  private NativeSocketExchange() {}

  /**
   * Loads the library from an absolute path.
   *
   * @throws UnsatisfiedLinkError when it is missing or was built for another machine
   */
  static NativeSocketExchange load(Path library) {
    System.load(library.toString());
    return new NativeSocketExchange();
  }

  @Override
  public SocketReply exchange(
      Path socket, byte[] frame, long sendTimeoutMs, long ackTimeoutMs, int maxReply)
      throws IOException {
    byte[] path = pathBytes(socket);
    byte[] reply = new byte[maxReply];
    int n = exchange(path, frame, millis(sendTimeoutMs), millis(ackTimeoutMs), reply);
    if (n == TIMED_OUT_CONNECTING) {
      throw SendTimeoutException.connecting(socket);
    }
    if (n == TIMED_OUT_WRITING) {
      throw SendTimeoutException.writing(socket);
    }
    if (ackTimeoutMs <= 0) {
      return SocketReply.notAwaited();
    }
    if (n == TIMED_OUT_AWAITING_REPLY) {
      return new SocketReply(new byte[0], SocketReply.Ending.TIMED_OUT);
    }
    return SocketReply.closedOrAnswered(Arrays.copyOf(reply, n), maxReply);
  }

  /** The socket's path as the system takes it. */
  static byte[] pathBytes(Path socket) throws IOException {
    byte[] path = socket.toString().getBytes(PATH_CHARSET);
    if (path.length > MAX_PATH_BYTES) {
      throw new IOException("the socket path is longer than " + MAX_PATH_BYTES + " bytes");
    }
    return path;
  }

  static int millis(long ms) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, ms));
  }

  /** The charset the JDK itself uses for file names, so both exchanges reach the same path. */
  private static Charset pathCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /**
   * Connects to {@code path}, sends {@code frame}, half-closes and reads the reply into {@code
   * reply} unless {@code ackTimeoutMs} is 0.
   *
   * @return the reply's length (which ends at a newline, at the end of the stream or a reset, or at
   *     the capacity of {@code reply}), or {@link #TIMED_OUT_CONNECTING}, {@link
   *     #TIMED_OUT_WRITING} or {@link #TIMED_OUT_AWAITING_REPLY}
   * @throws IOException with the system's reason when the socket cannot be reached or written
   */
  private static native int exchange(
      byte[] path, byte[] frame, int sendTimeoutMs, int ackTimeoutMs, byte[] reply)
      throws IOException;

  // For NativeMultiplexer: the exchange above in steps, so that one thread can wait for the
  // replies of many.

  /**
   * Connects to {@code path}, sends {@code frame} and half-closes, within {@code sendTimeoutMs}.
   *
   * @return the connected socket, or {@link #TIMED_OUT_CONNECTING} or {@link #TIMED_OUT_WRITING}
   * @throws IOException with the system's reason when the socket cannot be reached or written
   */
  static native int open(byte[] path, byte[] frame, int sendTimeoutMs) throws IOException;

  /**
   * Waits at most {@code timeoutMs} until a reply, or the end of the stream, can be read on any of
   * the first {@code count} sockets of {@code fds} (at most {@link #MAX_POLLED}); sets {@code
   * ready[i]} to 1 for each that can, 0 for the others.
   *
   * @return how many can
   */
  static native int pollReplies(int[] fds, int count, int timeoutMs, byte[] ready)
      throws IOException;

  /**
   * Reads what has arrived on {@code fd}, without waiting, into {@code reply} from {@code offset}.
   *
   * @return the number of bytes read, 0 at the end of the stream or a reset, or {@link
   *     #TIMED_OUT_AWAITING_REPLY} when nothing has arrived yet
   */
  static native int receive(int fd, byte[] reply, int offset) throws IOException;

  static native void close(int fd);
}

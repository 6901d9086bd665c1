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
    byte[] path = socket.toString().getBytes(PATH_CHARSET);
    if (path.length > MAX_PATH_BYTES) {
      throw new IOException("the socket path is longer than " + MAX_PATH_BYTES + " bytes");
    }
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

  private static int millis(long ms) {
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
}

package org.telemetrics.client;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One exchange with telemprobd over its Unix socket: connect, write a frame, half-close, read the
 * reply. Two ways to do it: {@link NativeSocketExchange} (fast to start) and {@link
 * JdkSocketExchange} (needs nothing but the JDK); {@link SocketExchanges} chooses. Both must report
 * the same {@link SocketReply.Ending} for the same behaviour of the daemon.
 */
interface SocketExchange {
  /**
   * Sends {@code frame} and returns the reply: at most {@code maxReply} bytes, ending at a newline
   * ({@link SocketReply.Ending#ANSWERED}), at the end of the stream or a reset ({@link
   * SocketReply.Ending#CLOSED}) or at the reply deadline ({@link SocketReply.Ending#TIMED_OUT});
   * {@link SocketReply.Ending#NOT_AWAITED} when {@code ackTimeoutMs} is 0.
   *
   * @throws SendTimeoutException when connecting and writing took longer than {@code sendTimeoutMs}
   * @throws IOException when the socket cannot be reached or written
   */
  SocketReply exchange(
      Path socket, byte[] frame, long sendTimeoutMs, long ackTimeoutMs, int maxReply)
      throws IOException;

  /** Does the one-time set-up a first exchange would otherwise wait for. */
  default void prepare() {}
}

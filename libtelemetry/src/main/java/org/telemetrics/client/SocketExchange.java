package org.telemetrics.client;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One exchange with telemprobd over its Unix socket: connect, write a frame, half-close, read
 * the reply. Two ways to do it: {@link NativeSocketExchange} (fast to start) and
 * {@link JdkSocketExchange} (needs nothing but the JDK); {@link SocketExchanges} chooses.
 */
interface SocketExchange {
  /**
   * Sends {@code frame} and returns the reply: at most {@code maxReply} bytes, ending at a
   * newline, at the end of the stream or at the reply deadline. Empty when the daemon closed
   * without answering, reset the connection, or said nothing within {@code ackTimeoutMs} (0: do
   * not wait for an answer).
   *
   * @throws SendTimeoutException when connecting and writing took longer than
   *     {@code sendTimeoutMs}
   * @throws IOException when the socket cannot be reached or written
   */
  byte[] exchange(Path socket, byte[] frame, long sendTimeoutMs, long ackTimeoutMs, int maxReply)
      throws IOException;

  /** Does the one-time set-up a first exchange would otherwise wait for. */
  default void prepare() {}
}

package org.telemetrics.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * Reads telemprobd's reply from a non-blocking channel, as far as it goes without waiting: to the
 * end of the stream, a newline or the length cap. The two JDK-channel exchanges share it, one
 * waiting on its own selector, the other on its multiplexer's.
 */
final class ReplyReader {
  private final ByteBuffer reply;
  private final int maxReply;

  ReplyReader(int maxReply) {
    this.reply = ByteBuffer.allocate(maxReply);
    this.maxReply = maxReply;
  }

  /**
   * Reads what has arrived; true when the reply is complete, false when more must be waited for.
   */
  boolean readFrom(SocketChannel channel) {
    while (reply.hasRemaining()) {
      int n;
      try {
        n = channel.read(reply);
      } catch (IOException e) {
        return true; // reset by a daemon that closed without reading everything: closed
      }
      if (n < 0) {
        return true;
      }
      if (n == 0) {
        return false;
      }
      if (reply.get(reply.position() - 1) == '\n') {
        return true;
      }
    }
    return true;
  }

  /** The reply once {@link #readFrom} said it is complete: answered, or closed before a newline. */
  SocketReply complete() {
    return SocketReply.closedOrAnswered(bytes(), maxReply);
  }

  /** What arrived before the reply deadline passed. */
  SocketReply timedOut() {
    return new SocketReply(bytes(), SocketReply.Ending.TIMED_OUT);
  }

  private byte[] bytes() {
    return Arrays.copyOf(reply.array(), reply.position());
  }
}

package org.telemetrics.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The exchange over the JDK's own Unix socket channels, with a selector for the deadlines. Needs
 * nothing else, but its first use costs a short-lived probe 13-16 ms: two native libraries, the
 * method-handle machinery, and a SecureRandom the JDK makes for socket names.
 */
final class JdkSocketExchange implements SocketExchange {
  @Override
  public void prepare() {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      channel.configureBlocking(false); // opening them is the set-up; nothing is connected
    } catch (IOException | RuntimeException e) {
      // the real exchange meets and reports the same problem
    }
  }

  @Override
  public SocketReply exchange(
      Path socket, byte[] frame, long sendTimeoutMs, long ackTimeoutMs, int maxReply)
      throws IOException {
    long deadline = System.nanoTime() + sendTimeoutMs * 1_000_000;
    try (Selector selector = Selector.open();
        SocketChannel channel = connected(selector, socket, deadline)) {
      if (!write(channel, selector, ByteBuffer.wrap(frame), deadline)) {
        throw SendTimeoutException.writing(socket);
      }
      channel.shutdownOutput();
      if (ackTimeoutMs <= 0) {
        return SocketReply.notAwaited();
      }
      return read(channel, selector, maxReply, System.nanoTime() + ackTimeoutMs * 1_000_000);
    }
  }

  /** A channel connected to {@code socket}, waiting out a full backlog until the deadline. */
  private static SocketChannel connected(Selector sel, Path socket, long deadline)
      throws IOException {
    for (int attempt = 0; ; attempt++) {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.configureBlocking(false);
        if (connect(channel, sel, socket, deadline)) {
          return channel;
        }
        throw SendTimeoutException.connecting(socket);
      } catch (IOException e) {
        channel.close();
        if (!FullBacklog.isFull(e, socket)) {
          throw e;
        }
        long pause = FullBacklog.pauseNanos(attempt);
        if (System.nanoTime() + pause - deadline >= 0) {
          throw SendTimeoutException.connecting(socket);
        }
        LockSupport.parkNanos(pause);
      }
    }
  }

  private static boolean connect(SocketChannel ch, Selector sel, Path socket, long deadline)
      throws IOException {
    if (ch.connect(UnixDomainSocketAddress.of(socket))) {
      return true;
    }
    SelectionKey key = ch.register(sel, SelectionKey.OP_CONNECT);
    while (!ch.finishConnect()) {
      if (!await(sel, deadline)) {
        return false;
      }
    }
    key.interestOps(0);
    return true;
  }

  private static boolean write(SocketChannel ch, Selector sel, ByteBuffer buf, long deadline)
      throws IOException {
    SelectionKey key = ch.keyFor(sel);
    while (buf.hasRemaining()) {
      if (ch.write(buf) == 0) {
        key = key == null ? ch.register(sel, SelectionKey.OP_WRITE) : key;
        key.interestOps(SelectionKey.OP_WRITE);
        if (!await(sel, deadline)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Reads the reply until EOF, a newline, the length cap or the deadline. */
  private static SocketReply read(SocketChannel ch, Selector sel, int maxReply, long deadline)
      throws IOException {
    SelectionKey key = ch.keyFor(sel);
    key = key == null ? ch.register(sel, SelectionKey.OP_READ) : key;
    key.interestOps(SelectionKey.OP_READ);
    ReplyReader reply = new ReplyReader(maxReply);
    while (!reply.readFrom(ch)) {
      if (!await(sel, deadline)) {
        return reply.timedOut();
      }
    }
    return reply.complete();
  }

  private static boolean await(Selector selector, long deadline) throws IOException {
    long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
    if (remainingMs <= 0) {
      return false;
    }
    selector.select(remainingMs);
    selector.selectedKeys().clear();
    return true;
  }
}

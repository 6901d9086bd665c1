package org.telemetrics.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * One exchange of a {@link SelectorMultiplexer}: connect, write the frame, half-close, read the
 * reply, each step taken as far as the socket allows without waiting, and waited for through the
 * multiplexer's selector. Its ends are those of {@link JdkSocketExchange}: a {@link SocketReply},
 * or a {@link SendTimeoutException} when connecting or writing passed {@code sendTimeoutMs}, or the
 * {@link IOException} that kept the frame from being sent.
 */
final class ChannelExchange implements Multiplexer.InFlight {
  private enum Stage {
    BACKLOG_FULL,
    CONNECTING,
    WRITING,
    READING,
    DONE
  }

  private final Path socket;
  private final ByteBuffer frame;
  private final long ackTimeoutMs;
  private final int maxReply;
  private final LongSupplier nanos;
  private Stage stage = Stage.CONNECTING;
  private long deadline;
  private long retryAt;
  private int attempts;
  private Selector selector;
  private SocketChannel channel;
  private SelectionKey key;
  private ReplyReader reply;
  private SocketReply result;
  private IOException failure;

  ChannelExchange(
      Path socket,
      byte[] frame,
      long sendTimeoutMs,
      long ackTimeoutMs,
      int maxReply,
      LongSupplier nanos) {
    this.socket = socket;
    this.frame = ByteBuffer.wrap(frame);
    this.ackTimeoutMs = ackTimeoutMs;
    this.maxReply = maxReply;
    this.nanos = nanos;
    this.deadline = nanos.getAsLong() + sendTimeoutMs * 1_000_000;
  }

  @Override
  public boolean done() {
    return stage == Stage.DONE;
  }

  @Override
  public SocketReply reply() throws IOException {
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  /** When {@link #due} next has something to do. */
  long deadlineNanos() {
    return stage == Stage.BACKLOG_FULL ? Math.min(retryAt, deadline) : deadline;
  }

  void start(Selector selector) {
    this.selector = selector;
    connect();
  }

  private void connect() {
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.configureBlocking(false);
      key = channel.register(selector, 0, this);
      stage = Stage.CONNECTING;
      if (channel.connect(UnixDomainSocketAddress.of(socket))) {
        stage = Stage.WRITING;
      }
    } catch (IOException e) {
      if (FullBacklog.isFull(e, socket)) {
        waitForBacklog();
      } else {
        fail(e);
      }
      return;
    } catch (RuntimeException e) {
      fail(new IOException(e.toString(), e));
      return;
    }
    advance();
  }

  /** Tries again after a pause, or gives up when the pause would pass the deadline. */
  private void waitForBacklog() {
    closeChannel();
    retryAt = nanos.getAsLong() + FullBacklog.pauseNanos(attempts++);
    if (retryAt - deadline >= 0) {
      fail(SendTimeoutException.connecting(socket));
    } else {
      stage = Stage.BACKLOG_FULL;
    }
  }

  /** Moves on as far as the socket allows; called when the selector finds it ready. */
  void advance() {
    try {
      step();
    } catch (IOException | RuntimeException e) {
      fail(e instanceof IOException io ? io : new IOException(e.toString(), e));
    }
  }

  private void step() throws IOException {
    if (stage == Stage.CONNECTING) {
      if (!channel.finishConnect()) {
        key.interestOps(SelectionKey.OP_CONNECT);
        return;
      }
      stage = Stage.WRITING;
    }
    if (stage == Stage.WRITING) {
      channel.write(frame);
      if (frame.hasRemaining()) {
        key.interestOps(SelectionKey.OP_WRITE);
        return;
      }
      channel.shutdownOutput();
      if (ackTimeoutMs <= 0) {
        finish(SocketReply.notAwaited());
        return;
      }
      stage = Stage.READING;
      deadline = nanos.getAsLong() + ackTimeoutMs * 1_000_000;
      reply = new ReplyReader(maxReply);
    }
    if (stage == Stage.READING) {
      read();
    }
  }

  private void read() {
    if (reply.readFrom(channel)) {
      finish(reply.complete());
    } else {
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  /**
   * Acts on the time: connects again once a full backlog's pause is over, or ends the exchange when
   * its deadline has passed.
   */
  void due(long now) {
    if (stage == Stage.BACKLOG_FULL && now - retryAt >= 0 && now - deadline < 0) {
      connect();
      return;
    }
    if (stage == Stage.DONE || now - deadline < 0) {
      return;
    }
    switch (stage) {
      case BACKLOG_FULL, CONNECTING -> fail(SendTimeoutException.connecting(socket));
      case WRITING -> fail(SendTimeoutException.writing(socket));
      default -> finish(reply.timedOut());
    }
  }

  /** Ends an exchange that will not be driven any more. */
  void abandon() {
    if (stage != Stage.DONE) {
      fail(new ClosedChannelException());
    }
  }

  private void finish(SocketReply r) {
    result = r;
    end();
  }

  private void fail(IOException e) {
    failure = e;
    end();
  }

  private void end() {
    stage = Stage.DONE;
    closeChannel();
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close(); // also cancels its key
      } catch (IOException e) {
        // nothing more is done with this socket
      }
    }
  }
}

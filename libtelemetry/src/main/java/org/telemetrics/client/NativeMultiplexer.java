package org.telemetrics.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A {@link Multiplexer} in a few system calls of our JNI library per record ({@link
 * NativeSocketExchange}): each exchange connects, writes its frame and half-closes at once, as the
 * single exchange does (a Unix socket's connect and a frame's write do not wait unless telemprobd's
 * backlog is full), and the replies of all are waited for with one poll(2).
 */
final class NativeMultiplexer implements Multiplexer {
  private final LongSupplier nanos;
  private final List<Exchange> active = new ArrayList<>();
  private int[] fds = new int[32];
  private byte[] ready = new byte[32];

  NativeMultiplexer() {
    this(System::nanoTime);
  }

  NativeMultiplexer(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** One exchange waiting for its reply. */
  private static final class Exchange implements InFlight {
    private final byte[] reply;
    private int fd = -1;
    private int got;
    private long deadline;
    private SocketReply result;
    private IOException failure;

    Exchange(int maxReply) {
      this.reply = new byte[maxReply];
    }

    @Override
    public boolean done() {
      return result != null || failure != null;
    }

    @Override
    public SocketReply reply() throws IOException {
      if (failure != null) {
        throw failure;
      }
      return result;
    }

    /** Reads what has arrived; ends the exchange at a newline, the end, or a full buffer. */
    void receive() {
      try {
        while (got < reply.length) {
          int n = NativeSocketExchange.receive(fd, reply, got);
          if (n == NativeSocketExchange.TIMED_OUT_AWAITING_REPLY) {
            return;
          }
          if (n == 0) {
            break;
          }
          got += n;
          if (reply[got - 1] == '\n') {
            break;
          }
        }
        finish(SocketReply.closedOrAnswered(Arrays.copyOf(reply, got), reply.length));
      } catch (IOException e) {
        fail(e);
      }
    }

    void finish(SocketReply r) {
      result = r;
      closeSocket();
    }

    void fail(IOException e) {
      failure = e;
      closeSocket();
    }

    private void closeSocket() {
      if (fd >= 0) {
        NativeSocketExchange.close(fd);
        fd = -1;
      }
    }
  }

  @Override
  public InFlight start(
      Path socket, byte[] frame, long sendTimeoutMs, long ackTimeoutMs, int maxReply) {
    Exchange x = new Exchange(maxReply);
    if (active.size() >= NativeSocketExchange.MAX_POLLED) {
      x.fail(new IOException("more than " + NativeSocketExchange.MAX_POLLED + " in flight"));
      return x;
    }
    int fd;
    try {
      fd =
          NativeSocketExchange.open(
              NativeSocketExchange.pathBytes(socket),
              frame,
              NativeSocketExchange.millis(sendTimeoutMs));
    } catch (IOException e) {
      x.fail(e);
      return x;
    }
    if (fd == NativeSocketExchange.TIMED_OUT_CONNECTING) {
      x.fail(SendTimeoutException.connecting(socket));
    } else if (fd == NativeSocketExchange.TIMED_OUT_WRITING) {
      x.fail(SendTimeoutException.writing(socket));
    } else {
      x.fd = fd;
      if (ackTimeoutMs <= 0) {
        x.finish(SocketReply.notAwaited());
      } else {
        x.deadline = nanos.getAsLong() + ackTimeoutMs * 1_000_000;
        active.add(x);
      }
    }
    return x;
  }

  @Override
  public int inFlight() {
    return active.size();
  }

  @Override
  public void drive() throws IOException {
    int before = active.size();
    while (!active.isEmpty() && active.size() == before) {
      int count = active.size();
      if (fds.length < count) {
        fds = new int[Math.max(count, fds.length * 2)];
        ready = new byte[fds.length];
      }
      long next = Long.MAX_VALUE;
      for (int i = 0; i < count; i++) {
        Exchange x = active.get(i);
        fds[i] = x.fd;
        next = Math.min(next, x.deadline);
      }
      long waitMs = Math.max(0, (next - nanos.getAsLong() + 999_999) / 1_000_000);
      int n =
          NativeSocketExchange.pollReplies(
              fds, count, (int) Math.min(Integer.MAX_VALUE, waitMs), ready);
      if (n > 0) {
        for (int i = 0; i < count; i++) {
          if (ready[i] != 0) {
            active.get(i).receive();
          }
        }
      }
      long now = nanos.getAsLong();
      for (Exchange x : active) {
        if (!x.done() && now - x.deadline >= 0) {
          x.finish(new SocketReply(Arrays.copyOf(x.reply, x.got), SocketReply.Ending.TIMED_OUT));
        }
      }
      active.removeIf(Exchange::done);
    }
  }

  @Override
  public void close() {
    for (Exchange x : active) {
      x.fail(new IOException("the stream was closed before the reply came"));
    }
    active.clear();
  }
}

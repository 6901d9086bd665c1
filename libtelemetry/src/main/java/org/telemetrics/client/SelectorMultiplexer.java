package org.telemetrics.client;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A {@link Multiplexer} over the JDK's non-blocking Unix socket channels and one selector: needs
 * nothing else, but runs more Java per record than {@link NativeMultiplexer}.
 */
final class SelectorMultiplexer implements Multiplexer {
  private final Selector selector;
  private final LongSupplier nanos;
  private final List<ChannelExchange> active = new ArrayList<>();

  SelectorMultiplexer() throws IOException {
    this(System::nanoTime);
  }

  SelectorMultiplexer(LongSupplier nanos) throws IOException {
    this.selector = Selector.open();
    this.nanos = nanos;
  }

  @Override
  public int inFlight() {
    return active.size();
  }

  @Override
  public ChannelExchange start(
      Path socket, byte[] frame, long sendTimeoutMs, long ackTimeoutMs, int maxReply) {
    ChannelExchange x =
        new ChannelExchange(socket, frame, sendTimeoutMs, ackTimeoutMs, maxReply, nanos);
    x.start(selector);
    if (!x.done()) {
      active.add(x);
    }
    return x;
  }

  @Override
  public void drive() throws IOException {
    int before = active.size();
    while (!active.isEmpty() && active.size() == before) {
      long now = nanos.getAsLong();
      long next = Long.MAX_VALUE;
      for (ChannelExchange x : active) {
        next = Math.min(next, x.deadlineNanos());
      }
      long waitMs = Math.max(0, (next - now + 999_999) / 1_000_000);
      if (waitMs == 0) {
        selector.selectNow(this::ready);
      } else {
        selector.select(this::ready, waitMs);
      }
      now = nanos.getAsLong();
      for (ChannelExchange x : active) {
        x.due(now);
      }
      active.removeIf(ChannelExchange::done);
    }
  }

  private void ready(SelectionKey key) {
    ((ChannelExchange) key.attachment()).advance();
  }

  @Override
  public void close() throws IOException {
    for (ChannelExchange x : active) {
      x.abandon();
    }
    active.clear();
    selector.close();
  }
}

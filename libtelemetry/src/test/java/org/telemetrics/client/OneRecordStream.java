package org.telemetrics.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A {@link Multiplexer}'s exchange seen as a {@link SocketExchange}, one record at a time, so that
 * the tests every exchange must pass hold for the multiplexers' too.
 */
final class OneRecordStream implements SocketExchange {
  /** Makes a multiplexer; may fail as opening one can. */
  interface Factory {
    Multiplexer open() throws IOException;
  }

  private final String name;
  private final Factory factory;

  OneRecordStream(String name, Factory factory) {
    this.name = name;
    this.factory = factory;
  }

  static OneRecordStream selector() {
    return new OneRecordStream("SelectorMultiplexer", SelectorMultiplexer::new);
  }

  /** Needs the JNI library loaded (by {@link TelemetryClientTest#builtLibrary}). */
  static OneRecordStream nativeLibrary(Supplier<SocketExchange> loaded) {
    loaded.get();
    return new OneRecordStream("NativeMultiplexer", NativeMultiplexer::new);
  }

  @Override
  public SocketReply exchange(
      Path socket, byte[] frame, long sendTimeoutMs, long ackTimeoutMs, int maxReply)
      throws IOException {
    try (Multiplexer multiplexer = factory.open()) {
      Multiplexer.InFlight x =
          multiplexer.start(socket, frame, sendTimeoutMs, ackTimeoutMs, maxReply);
      multiplexer.await(x);
      return x.reply();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}

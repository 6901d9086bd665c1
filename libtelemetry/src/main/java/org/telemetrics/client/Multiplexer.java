package org.telemetrics.client;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Many exchanges with telemprobd in flight at once, driven by one thread. telemprobd takes one
 * frame per connection (the C protocol), so a process that sends many records needs many
 * connections open together for telemprobd's group commit to make them durable with one flush; a
 * thread per connection cost more CPU waking and switching threads than the exchanges themselves.
 * Each exchange is the one {@link SocketExchange} describes, with the same deadlines and the same
 * {@link SocketReply.Ending}s. Two kinds, as for single exchanges: {@link NativeMultiplexer} and
 * {@link SelectorMultiplexer}.
 *
 * <p>Not thread-safe: one thread starts exchanges and drives them.
 */
interface Multiplexer extends AutoCloseable {
  /** One exchange: done once its reply, or what kept it from coming, is known. */
  interface InFlight {
    boolean done();

    /**
     * The reply, once {@link #done}.
     *
     * @throws SendTimeoutException when connecting or writing passed its deadline
     * @throws IOException when the socket could not be reached or written
     */
    SocketReply reply() throws IOException;
  }

  /**
   * Starts an exchange (the arguments are those of {@link SocketExchange#exchange}) and takes it as
   * far as it goes without waiting for the daemon's answer.
   */
  InFlight start(Path socket, byte[] frame, long sendTimeoutMs, long ackTimeoutMs, int maxReply);

  /** Exchanges started and not yet done. */
  int inFlight();

  /**
   * Waits until at least one exchange in flight is done (answered, closed, failed or past its
   * deadline). Returns at once when none is in flight.
   */
  void drive() throws IOException;

  /** Drives until {@code x} is done. */
  default void await(InFlight x) throws IOException {
    while (!x.done()) {
      drive();
    }
  }

  /** Abandons what is still in flight (each ends as failed). */
  @Override
  void close() throws IOException;
}

package org.telemetrics.client;

import java.io.IOException;
import org.telemetrics.frame.Ack;
import org.telemetrics.record.TelemetryRecord;

/**
 * Sends many records from one thread, each over its own connection (telemprobd takes one frame per
 * connection, as the C protocol has it), with up to {@code connections} of them in flight at once
 * so that telemprobd makes the records that arrive together durable with one flush. Each record
 * gets what {@link TelemetryClient#send} would give it, under the same deadlines; the opt-in is
 * checked for each. Made by {@link TelemetryClient#openStream}.
 *
 * <p>Not thread-safe: the thread that sends also drives the exchanges, in {@link #send} while every
 * connection is taken and in {@link Pending#await}. Never throws for expected failures.
 */
public final class RecordStream implements AutoCloseable {
  private final TelemetryClient client;
  private final int connections;
  private final Multiplexer multiplexer;
  private final IOException notOpened;

  RecordStream(TelemetryClient client, int connections) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1: " + connections);
    }
    this.client = client;
    this.connections = connections;
    Multiplexer m = null;
    IOException why = null;
    try {
      m = client.newMultiplexer();
    } catch (IOException e) {
      why = e;
    }
    this.multiplexer = m;
    this.notOpened = why;
  }

  /** A record on its way: its result is known once it is {@link #done}. */
  public final class Pending {
    private final Multiplexer.InFlight exchange;
    private SendResult result;

    private Pending(Multiplexer.InFlight exchange, SendResult result) {
      this.exchange = exchange;
      this.result = result;
    }

    /** True once the record's fate is known (without waiting). */
    public boolean done() {
      return result != null || exchange.done();
    }

    /** Waits for the record's fate, moving the other records in flight on meanwhile. */
    public SendResult await() {
      if (result == null) {
        try {
          multiplexer.await(exchange);
          result = client.outcome(exchange.reply());
        } catch (IOException | RuntimeException e) {
          result = client.failed(e);
        }
      }
      return result;
    }
  }

  /**
   * Starts sending {@code record}, first waiting (and moving the records in flight on) while every
   * connection is taken. Returns at once when the record cannot be sent.
   */
  public Pending send(TelemetryRecord record) {
    if (!client.isOptedIn()) {
      return new Pending(null, TelemetryClient.notOptedIn());
    }
    if (multiplexer == null) {
      return new Pending(null, client.failed(notOpened));
    }
    try {
      byte[] frame = client.frame(record);
      while (multiplexer.inFlight() >= connections) {
        multiplexer.drive();
      }
      Multiplexer.InFlight x =
          multiplexer.start(
              client.socket(),
              frame,
              client.connectTimeoutMs(),
              client.ackTimeoutMs(),
              Ack.MAX_LENGTH);
      return new Pending(x, null);
    } catch (IOException | RuntimeException e) {
      return new Pending(null, client.failed(e));
    }
  }

  /** Records still in flight end as failed: await every one before closing. */
  @Override
  public void close() {
    if (multiplexer != null) {
      try {
        multiplexer.close();
      } catch (IOException e) {
        // nothing is left to report to
      }
    }
  }
}

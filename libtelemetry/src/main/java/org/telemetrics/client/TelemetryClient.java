package org.telemetrics.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.telemetrics.config.Layout;
import org.telemetrics.config.ProbeKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.frame.Ack;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.host.HostSnapshot;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;

/**
 * Sends records to telemprobd over its Unix socket, in the C frame, then waits up to {@code
 * probe_ack_timeout_ms} for the acknowledgement our telemprobd gives. The C one gives none and
 * closes the connection: that still counts as sent. Silence until the deadline does not: the daemon
 * is stopped or busy, and the record may never be stored.
 *
 * <p>Never throws for expected failures and never exits the process: the outcome is a {@link
 * SendResult}.
 */
public final class TelemetryClient {
  static final String NOT_OPTED_IN = "not opted in; run telemctl opt-in";

  private final SocketExchange exchange;
  private final Layout layout;
  private final Optional<String> frameConfigPath;
  private final long connectTimeoutMs;
  private final long ackTimeoutMs;
  private HostInfo host;

  /**
   * Sets up the socket transport on another thread (see {@link SocketExchanges}). Begun first thing
   * in a probe's main, it overlaps with reading the configuration and host metadata instead of
   * adding to them.
   */
  public static void prepareInBackground() {
    Thread t = new Thread(new TransportSetup(), "transport-setup");
    t.setDaemon(true);
    t.start();
  }

  /** A plain class, not a lambda: bootstrapping a lambda would cost more than it saves. */
  private static final class TransportSetup implements Runnable {
    @Override
    public void run() {
      SocketExchanges.chosen().prepare();
    }
  }

  /** A client for this configuration. */
  public static TelemetryClient create(TelemetryConfig config) {
    return new TelemetryClient(config, false, SocketExchanges.chosen());
  }

  /** A client that talks to telemprobd through {@code exchange} (tests use both kinds). */
  static TelemetryClient create(TelemetryConfig config, SocketExchange exchange) {
    return new TelemetryClient(config, false, exchange);
  }

  /**
   * A client for a configuration file the caller chose explicitly (a probe's {@code -f}); its path
   * travels in the frame's {@code CFG:} field, as the C library does.
   */
  public static TelemetryClient createWithExplicitConfig(TelemetryConfig config) {
    return new TelemetryClient(config, true, SocketExchanges.chosen());
  }

  private TelemetryClient(TelemetryConfig config, boolean explicit, SocketExchange exchange) {
    this.exchange = exchange;
    this.layout = config.layout();
    this.frameConfigPath =
        explicit && config.file().isPresent()
            ? Optional.of(config.file().get().toString())
            : Optional.empty();
    this.connectTimeoutMs = config.get(ProbeKeys.PROBE_CONNECT_TIMEOUT_MS);
    this.ackTimeoutMs = config.get(ProbeKeys.PROBE_ACK_TIMEOUT_MS);
  }

  /** True while the opt-in marker exists. */
  public boolean isOptedIn() {
    return Files.exists(layout.optInFile());
  }

  /** Host metadata for new records: this boot's snapshot, else read directly (once). */
  public synchronized HostInfo hostInfo() {
    if (host == null) {
      host = HostSnapshot.loadOrRead(layout.hostInfoFile());
    }
    return host;
  }

  /** A builder for a record of this host. */
  public RecordBuilder newRecord(String classification) {
    return RecordBuilder.create(classification, hostInfo());
  }

  /** Sends one record; never throws at the caller. */
  public SendResult send(TelemetryRecord record) {
    if (!isOptedIn()) {
      return notOptedIn();
    }
    Path socket = layout.socketPath();
    SocketReply reply;
    try {
      byte[] frame = frame(record);
      reply = exchange.exchange(socket, frame, connectTimeoutMs, ackTimeoutMs, Ack.MAX_LENGTH);
    } catch (IOException | RuntimeException e) {
      return failed(e);
    }
    return outcome(reply);
  }

  /**
   * A stream that sends many records with up to {@code connections} exchanges in flight at once,
   * from the calling thread (see {@link RecordStream}).
   */
  public RecordStream openStream(int connections) {
    return new RecordStream(this, connections);
  }

  /** Many exchanges from one thread, of the same kind as this client's single exchange. */
  Multiplexer newMultiplexer() throws IOException {
    return exchange instanceof NativeSocketExchange
        ? new NativeMultiplexer()
        : new SelectorMultiplexer();
  }

  static SendResult notOptedIn() {
    return new SendResult.Failed(SendResult.Failure.NOT_OPTED_IN, NOT_OPTED_IN);
  }

  byte[] frame(TelemetryRecord record) {
    return FrameCodec.encode(new Frame(frameConfigPath, record));
  }

  Path socket() {
    return layout.socketPath();
  }

  long connectTimeoutMs() {
    return connectTimeoutMs;
  }

  long ackTimeoutMs() {
    return ackTimeoutMs;
  }

  /** What an exception while sending means for the record. */
  SendResult failed(Exception e) {
    Path socket = layout.socketPath();
    if (e instanceof SendTimeoutException) {
      return new SendResult.Failed(SendResult.Failure.TIMEOUT, e.getMessage());
    }
    if (e instanceof IOException io) {
      return new SendResult.Failed(
          SendResult.Failure.CONNECT,
          "cannot send to telemprobd at " + socket + ": " + describe(io));
    }
    // a probe's host application must not see our bugs as exceptions
    return new SendResult.Failed(
        SendResult.Failure.IO, "cannot send to telemprobd at " + socket + ": " + e);
  }

  /** What the reply says; no reply at all is the C daemon's way, unless the deadline passed. */
  SendResult outcome(SocketReply reply) {
    Path socket = layout.socketPath();
    byte[] bytes = reply.bytes();
    // Compared with ==, not switched on: a switch on an enum makes javac add a class with a
    // table, and three classes to load at every probe's end.
    SocketReply.Ending ending = reply.ending();
    if (ending == SocketReply.Ending.NOT_AWAITED) {
      return new SendResult.SentUnacknowledged();
    }
    if (ending == SocketReply.Ending.TIMED_OUT) {
      return new SendResult.Failed(
          SendResult.Failure.ACK_TIMEOUT,
          "no acknowledgement from telemprobd at "
              + socket
              + " within "
              + ackTimeoutMs
              + " ms (probe_ack_timeout_ms): the daemon is stopped or busy; whether it"
              + " stored the record is unknown");
    }
    if (ending == SocketReply.Ending.CLOSED && bytes.length == 0) {
      return new SendResult.SentUnacknowledged();
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    try {
      Ack ack = Ack.parse(text);
      return ack instanceof Ack.Accepted a
          ? new SendResult.Accepted(a.recordId())
          : new SendResult.Rejected(((Ack.Rejected) ack).reason());
    } catch (IllegalArgumentException e) {
      return new SendResult.Failed(
          SendResult.Failure.BAD_REPLY,
          "unexpected answer from telemprobd at " + socket + ": " + e.getMessage());
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}

package org.telemetrics.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.host.HostInfo;
import org.telemetrics.host.HostSnapshot;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;

/**
 * Sends records to telemprobd over its Unix socket, in the C frame, then waits briefly for the
 * acknowledgement our telemprobd gives (the C one gives none; that still counts as sent).
 *
 * <p>Never throws for expected failures and never exits the process: the outcome is a
 * {@link SendResult}. Uses the JDK's own Unix socket channels, which cost a short-lived probe
 * nothing extra to start.
 */
public final class TelemetryClient {
  static final String NOT_OPTED_IN = "not opted in; run telemctl opt-in";

  private final Layout layout;
  private final Optional<String> frameConfigPath;
  private final long connectTimeoutMs;
  private final long ackTimeoutMs;
  private HostInfo host;

  /**
   * Sets up the JDK's Unix socket support on another thread. Its first use costs a short-lived
   * probe 13-16 ms (two native libraries, and a SecureRandom the JDK makes for socket names);
   * begun first thing in main, it overlaps with reading the configuration and host metadata
   * instead of adding to them.
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
      try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
          Selector selector = Selector.open()) {
        channel.configureBlocking(false); // opening them is the set-up; nothing is connected
      } catch (IOException | RuntimeException e) {
        // the real send meets and reports the same problem
      }
    }
  }

  /** A client for this configuration. */
  public static TelemetryClient create(TelemetryConfig config) {
    return new TelemetryClient(config, false);
  }

  /**
   * A client for a configuration file the caller chose explicitly (a probe's {@code -f}); its path
   * travels in the frame's {@code CFG:} field, as the C library does.
   */
  public static TelemetryClient createWithExplicitConfig(TelemetryConfig config) {
    return new TelemetryClient(config, true);
  }

  private TelemetryClient(TelemetryConfig config, boolean explicit) {
    this.layout = config.layout();
    this.frameConfigPath = explicit && config.file().isPresent()
        ? Optional.of(config.file().get().toString()) : Optional.empty();
    this.connectTimeoutMs = config.get(ConfigKeys.PROBE_CONNECT_TIMEOUT_MS);
    this.ackTimeoutMs = config.get(ConfigKeys.PROBE_ACK_TIMEOUT_MS);
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

  public SendResult send(TelemetryRecord record) {
    if (!isOptedIn()) {
      return new SendResult.Failed(SendResult.Failure.NOT_OPTED_IN, NOT_OPTED_IN);
    }
    byte[] frame = FrameCodec.encode(
        new Frame(frameConfigPath, record));
    Path socket = layout.socketPath();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      long deadline = System.nanoTime() + connectTimeoutMs * 1_000_000;
      if (!connect(channel, selector, socket, deadline)) {
        return new SendResult.Failed(SendResult.Failure.TIMEOUT,
            "timed out connecting to " + socket);
      }
      if (!write(channel, selector, ByteBuffer.wrap(frame), deadline)) {
        return new SendResult.Failed(SendResult.Failure.TIMEOUT,
            "timed out writing the record to " + socket);
      }
      channel.shutdownOutput();
      return awaitAck(channel, selector);
    } catch (IOException e) {
      return new SendResult.Failed(SendResult.Failure.CONNECT,
          "cannot send to telemprobd at " + socket + ": " + describe(e));
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

  /** Reads the reply until EOF, the length cap or the deadline. */
  private SendResult awaitAck(SocketChannel ch, Selector sel) throws IOException {
    if (ackTimeoutMs == 0) {
      return new SendResult.SentUnacknowledged();
    }
    long deadline = System.nanoTime() + ackTimeoutMs * 1_000_000;
    SelectionKey key = ch.keyFor(sel);
    key = key == null ? ch.register(sel, SelectionKey.OP_READ) : key;
    key.interestOps(SelectionKey.OP_READ);
    ByteBuffer reply = ByteBuffer.allocate(Ack.MAX_LENGTH);
    while (reply.hasRemaining()) {
      int n;
      try {
        n = ch.read(reply);
      } catch (IOException e) {
        break; // reset by a daemon that closed without reading everything: no answer
      }
      if (n < 0) {
        break;
      }
      if (n == 0 && !await(sel, deadline)) {
        break;
      }
      if (reply.position() > 0 && reply.get(reply.position() - 1) == '\n') {
        break;
      }
    }
    if (reply.position() == 0) {
      return new SendResult.SentUnacknowledged();
    }
    String text = new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
    try {
      Ack ack = Ack.parse(text);
      return ack instanceof Ack.Accepted a
          ? new SendResult.Accepted(a.recordId())
          : new SendResult.Rejected(((Ack.Rejected) ack).reason());
    } catch (IllegalArgumentException e) {
      return new SendResult.SentUnacknowledged();
    }
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

  private static String describe(IOException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}

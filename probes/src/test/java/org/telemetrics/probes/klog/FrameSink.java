package org.telemetrics.probes.klog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.telemetrics.frame.Ack;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.record.TelemetryRecord;

/**
 * telemprobd's side of the probe socket for tests: a real Unix socket at the root's socket path;
 * each connection's frame is decoded with the C codec and acknowledged as stored. Shared by the
 * tests of the probes that send kernel reports.
 */
public final class FrameSink implements AutoCloseable {
  private final ServerSocketChannel server;
  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  public FrameSink(Path socket) throws IOException {
    Files.createDirectories(socket.getParent());
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread t = new Thread(this::serve, "frame-sink");
    t.setDaemon(true);
    t.start();
  }

  private void serve() {
    while (server.isOpen()) {
      try (SocketChannel ch = server.accept()) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(16 << 10);
        while (ch.read(b) >= 0) {
          buf.write(b.array(), 0, b.position());
          b.clear();
        }
        records.add(FrameCodec.decode(buf.toByteArray()).record());
        ch.write(ByteBuffer.wrap(new Ack.Accepted("k" + records.size()).encode()));
      } catch (IOException e) {
        if (server.isOpen()) {
          errors.add(e.toString());
        }
      } catch (RuntimeException | org.telemetrics.frame.FrameException e) {
        errors.add(e.toString());
      }
    }
  }

  public List<TelemetryRecord> records() {
    return List.copyOf(records);
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

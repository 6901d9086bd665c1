package org.telemetrics.probes.crash;

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
 * Stands in for telemprobd on the root's socket: decodes each frame strictly with the C codec,
 * keeps the record and acknowledges it as telemprobd does.
 */
final class RecordSink implements AutoCloseable {
  private final ServerSocketChannel server;
  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final Thread thread;

  RecordSink(Path socket) throws IOException {
    Files.createDirectories(socket.getParent());
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    thread = new Thread(this::serve, "record-sink");
    thread.setDaemon(true);
    thread.start();
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
        TelemetryRecord r = FrameCodec.decode(buf.toByteArray()).record();
        records.add(r);
        ch.write(ByteBuffer.wrap(new Ack.Accepted("r" + records.size()).encode()));
      } catch (IOException e) {
        if (server.isOpen()) {
          errors.add(e.toString());
        }
      } catch (RuntimeException | org.telemetrics.frame.FrameException e) {
        errors.add(e.toString());
      }
    }
  }

  List<TelemetryRecord> records() {
    return List.copyOf(records);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

package org.telemetrics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Unix socket listener that behaves like telemprobd in one of the ways a probe must tell
 * apart: our daemon (acknowledges), the C daemon (reads, closes without answering), a stopped
 * daemon (reads nothing more, or reads and never answers), and a daemon whose connection slots are
 * all held (connections sit unread).
 */
public final class FakeProbd implements AutoCloseable {
  /** How each connection is served. */
  public enum Behaviour {
    /** Reads the frame to its end, answers {@code ACCEPTED <id>} and closes. */
    ACKNOWLEDGES,
    /** Reads the frame to its end and closes without a word, as the C telemprobd does. */
    CLOSES_WITHOUT_ANSWER,
    /** Reads the frame to its end and then holds the connection, silent (a stopped daemon). */
    READS_AND_NEVER_ANSWERS,
    /** Accepts and holds the connection without reading it (every slot held by someone). */
    NEVER_READS
  }

  public static final String RECORD_ID = "0123456789abcdef0123456789abcdef";

  private final ServerSocketChannel server;
  private final Path path;
  private final Behaviour behaviour;
  private final List<SocketChannel> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger framesRead = new AtomicInteger();
  private final Thread acceptor;

  private FakeProbd(Path path, Behaviour behaviour) throws IOException {
    this.path = path;
    this.behaviour = behaviour;
    Files.createDirectories(path.getParent());
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    acceptor = new Thread(this::acceptLoop, "fake-probd");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static FakeProbd listen(Path path, Behaviour behaviour) {
    try {
      return new FakeProbd(path, behaviour);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Frames read to their end so far. */
  public int framesRead() {
    return framesRead.get();
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        serve(client);
      } catch (IOException e) {
        if (!server.isOpen()) {
          return;
        }
      }
    }
  }

  private void serve(SocketChannel client) throws IOException {
    if (behaviour == Behaviour.NEVER_READS) {
      held.add(client);
      return;
    }
    ByteBuffer buf = ByteBuffer.allocate(8192);
    while (client.read(buf.clear()) >= 0) {
      // to the end of the frame: the probe half-closes after writing it
    }
    framesRead.incrementAndGet();
    switch (behaviour) {
      case ACKNOWLEDGES -> {
        client.write(
            ByteBuffer.wrap(("ACCEPTED " + RECORD_ID + "\n").getBytes(StandardCharsets.US_ASCII)));
        client.close();
      }
      case CLOSES_WITHOUT_ANSWER -> client.close();
      default -> held.add(client);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      for (SocketChannel c : held) {
        c.close();
      }
      acceptor.join(2000);
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package org.telemetrics.testing;

import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real Unix socket listener standing in for telemprobd: it reads each connection to its end and
 * hands over the raw bytes; its reply (or none, like the C daemon) is chosen by the test.
 */
public final class FrameListener implements AutoCloseable {
  private final ServerSocketChannel server;
  private final Path path;
  private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
  private final Thread acceptor;

  private FrameListener(Path path, Function<byte[], String> reply) throws IOException {
    this.path = path;
    Files.createDirectories(path.getParent());
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    acceptor = new Thread(() -> acceptLoop(reply), "frame-listener");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Listens at {@code path}; {@code reply} maps received bytes to an answer, or null for none. */
  public static FrameListener listen(Path path, Function<byte[], String> reply) {
    try {
      return new FrameListener(path, reply);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next connection's bytes, waiting up to {@code seconds}. */
  public byte[] next(long seconds) throws InterruptedException {
    byte[] frame = frames.poll(seconds, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no connection within " + seconds + " s on " + path);
    }
    return frame;
  }

  /** True when nothing arrived within {@code millis}. */
  public boolean idleFor(long millis) throws InterruptedException {
    return frames.poll(millis, TimeUnit.MILLISECONDS) == null;
  }

  private void acceptLoop(Function<byte[], String> reply) {
    while (server.isOpen()) {
      try (SocketChannel client = server.accept()) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (client.read(buf) >= 0) {
          received.write(buf.array(), 0, buf.position());
          buf.clear();
        }
        String answer = reply.apply(received.toByteArray());
        if (answer != null) {
          client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.US_ASCII)));
        }
        frames.add(received.toByteArray());
      } catch (IOException e) {
        if (!server.isOpen()) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package org.telemetrics.probd;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.telemetrics.frame.Ack;
import org.telemetrics.host.HostInfoReader;
import org.telemetrics.host.HostSnapshot;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.testing.GoldenVectors;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** A real telemprobd process on a {@link TestRoot}, and raw socket clients to talk to it. */
final class ProbdFixture {
  static final String MAIN = "org.telemetrics.probd.Telemprobd";
  private static final java.util.concurrent.atomic.AtomicInteger RUNS =
      new java.util.concurrent.atomic.AtomicInteger();

  private ProbdFixture() {}

  /**
   * Writes this boot's host snapshot, so a test daemon does not spend a second of CPU on OSHI (the
   * one test of that path leaves it out).
   */
  static void presetHostSnapshot(TestRoot root) throws IOException {
    Path file = root.layout().hostInfoFile();
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, HostSnapshot.format(HostInfoReader.readSystem(), HostSnapshot.currentBootId()));
  }

  /** Starts telemprobd on {@code root} and waits until it listens. */
  static JavaProcess start(TestRoot root) throws IOException {
    return start(root, Map.of());
  }

  static JavaProcess start(TestRoot root, Map<String, String> extraEnv) throws IOException {
    Map<String, String> env = new HashMap<>(root.env());
    env.putAll(extraEnv);
    Path out = root.dir().resolve("probd-" + RUNS.incrementAndGet() + ".log");
    JavaProcess p = JavaProcess.start(MAIN, List.of(), env, out);
    awaitListening(p);
    return p;
  }

  static void awaitListening(JavaProcess p) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              if (!p.process().isAlive()) {
                throw new AssertionError("telemprobd exited early: " + p.output());
              }
              return p.output().contains("listening on");
            });
  }

  /**
   * Gives a running telemprobd the moment it takes to seal its open segment (an acknowledged record
   * is durable at once, and in staging within GroupCommit.SEAL_AFTER_MILLIS). After a kill -9 the
   * segment stays until the next start.
   */
  static void awaitSealed(TestRoot root) {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> files = Files.list(root.layout().tmpDir())) {
        if (files.noneMatch(f -> f.getFileName().toString().endsWith(GroupCommit.SUFFIX))) {
          return;
        }
        Thread.sleep(5);
      } catch (IOException e) {
        return; // no tmp/ yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Sends raw bytes, half-closes, and returns the reply ("" when the daemon sent none). */
  static String exchange(Path socket, byte[] bytes) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.shutdownOutput();
      return readReply(ch);
    }
  }

  static String readReply(SocketChannel ch) throws IOException {
    InputStream in = Channels.newInputStream(ch);
    byte[] reply = in.readNBytes(Ack.MAX_LENGTH);
    return new String(reply, StandardCharsets.US_ASCII);
  }

  static Ack exchangeAck(Path socket, byte[] bytes) throws IOException {
    return Ack.parse(exchange(socket, bytes));
  }

  static void write(SocketChannel ch, byte[] bytes, int from, int to) throws IOException {
    OutputStream out = Channels.newOutputStream(ch);
    out.write(bytes, from, to - from);
    out.flush();
  }

  /**
   * Every record in staging, decoded; fails on a file that does not decode (half-written, corrupt)
   * or is not named by its first record's id.
   */
  static List<SpoolEntry> staged(TestRoot root) {
    awaitSealed(root);
    List<SpoolEntry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(root.layout().stagingDir())) {
      for (Path f : files.sorted().toList()) {
        try {
          List<SpoolEntry> inFile = SpoolFileFormat.decodeAll(Files.readAllBytes(f), 0);
          if (!inFile.get(0).recordId().equals(f.getFileName().toString())) {
            throw new AssertionError(f + " starts with record " + inFile.get(0).recordId());
          }
          entries.addAll(inFile);
        } catch (Exception e) {
          throw new AssertionError("staged file " + f + " does not decode: " + e, e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /** Frames of the C client captured on the wire: the 392-byte frame and the hex dumps. */
  static List<byte[]> cFrames() throws IOException {
    List<byte[]> frames = new ArrayList<>();
    frames.add(GoldenVectors.bytes("wire/c-frame-392.bin"));
    String text =
        new String(GoldenVectors.bytes("wire/c-client-frames.txt"), StandardCharsets.US_ASCII);
    java.io.ByteArrayOutputStream current = null;
    for (String line : text.split("\n")) {
      if (line.matches("[0-9a-f]{8}  .*")) {
        if (line.startsWith("00000000")) {
          if (current != null) {
            frames.add(current.toByteArray());
          }
          current = new java.io.ByteArrayOutputStream();
        }
        String hex = line.substring(10, Math.min(line.length(), 58));
        for (String b : hex.trim().split("\\s+")) {
          if (!b.isEmpty()) {
            current.write(Integer.parseInt(b, 16));
          }
        }
      }
    }
    if (current != null) {
      frames.add(current.toByteArray());
    }
    return frames;
  }
}

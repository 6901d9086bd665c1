import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.RecordBuilder;

/**
 * Load for bench/probd: CLIENTS threads in this JVM send RECORDS records in all to telemprobd,
 * one connection per record as probes do, each waiting for the acknowledgement.
 * Prints "clients records seconds records_per_s" (one line). Usage: ProbdLoad SOCKET CLIENTS RECORDS
 */
public final class ProbdLoad {
  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    int clients = Integer.parseInt(args[1]);
    int records = Integer.parseInt(args[2]);
    HostInfo host = new HostInfo("x86_64", "no_sv_file|no_pn_file|no_pvr_file", "12", "6.1.0",
        "debian", "no_bn_file|no_bv_file", "AMD EPYC", "no_bv_file");
    List<byte[]> frames = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      frames.add(FrameCodec.encode(Frame.of(RecordBuilder.create("org.example/bench/probd", host)
          .payload("benchmark record " + i + "\n" + "x".repeat(200)).build())));
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      done.add(pool.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < records) {
          if (send(socket, frames.get(i)).startsWith("ACCEPTED ")) {
            accepted.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    if (accepted.get() != records) {
      System.err.println("only " + accepted.get() + " of " + records + " accepted");
      System.exit(1);
    }
    System.out.printf("%d %d %.2f %.0f%n", clients, records, seconds, records / seconds);
  }

  static String send(Path socket, byte[] frame) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer buf = ByteBuffer.wrap(frame);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.shutdownOutput();
      ByteBuffer reply = ByteBuffer.allocate(512);
      while (ch.read(reply) > 0) {
        // until the daemon closes
      }
      return new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
    }
  }
}

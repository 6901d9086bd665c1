import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.spool.SpoolFileFormat;

/**
 * Load and sink for bench/e2e, in one JVM: probe clients (threads calling TelemetryClient.send,
 * one connection per record, each waiting for telemprobd's acknowledgement) and a local HTTP
 * sink answering 201 on PORT. Phase 1 sends RECORDS records to freshly started daemons ("cold":
 * their JIT has compiled nothing yet), phase 2 sends RECORDS more ("warm"); each is timed from
 * its first send until the sink has them all. Phase 3: the sink is stopped, OUTAGE records are
 * sent and spooled, the sink comes back, and the drain is timed. Prints "key value..." lines.
 * Usage: E2eLoad ROOT PORT RECORDS OUTAGE   (-Dthreads=N probe threads, default 16)
 */
public final class E2eLoad {
  private static final int THREADS = Integer.getInteger("threads", 16);
  private static final AtomicInteger received = new AtomicInteger();
  private static final AtomicLong firstAt = new AtomicLong();
  private static final AtomicLong lastAt = new AtomicLong();

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    int records = Integer.parseInt(args[2]);
    int outage = Integer.parseInt(args[3]);
    TelemetryConfig config = ConfigLoader.load(Optional.empty(), root);
    TelemetryClient client = TelemetryClient.create(config);
    Path queue = config.layout().queueDir();

    HttpSink sink = startSink(port);
    for (String phase : new String[] {"cold", "warm"}) {
      received.set(0);
      long start = System.nanoTime();
      long produced = send(client, records, THREADS);
      waitFor(() -> received.get() >= records, 120);
      double seconds = (lastAt.get() - start) / 1e9;
      System.out.printf("%s %d %.3f %.0f %.3f%n", phase, records, seconds, records / seconds,
          (produced - start) / 1e9);
    }

    sink.close();
    received.set(0);
    send(client, outage, THREADS);
    waitFor(() -> countRecords(queue) >= outage, 120);
    Thread.sleep(2000); // a real outage lasts a while: let telempostd back off
    long avg = averageBytes(queue);
    firstAt.set(0);
    long back = System.nanoTime();
    sink = startSink(port);
    waitFor(() -> received.get() >= outage, 600);
    System.out.printf("outage %d %.3f %.3f%n", outage, (firstAt.get() - back) / 1e9,
        (lastAt.get() - firstAt.get()) / 1e9);
    System.out.printf("spoolfile %d%n", avg);
    sink.close();
  }

  private static HttpSink startSink(int port) throws IOException {
    return new HttpSink(port, () -> {
      long now = System.nanoTime();
      firstAt.compareAndSet(0, now);
      lastAt.set(now);
      received.incrementAndGet();
    });
  }

  /** Sends from THREADS in-JVM probes; returns when the last was acknowledged. */
  private static long send(TelemetryClient client, int records, int threads) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        int i;
        while ((i = next.getAndIncrement()) < records) {
          SendResult r = client.send(client.newRecord("org.example/bench/e2e")
              .payload("hello\nrecord " + i + "\n").build());
          if (!(r instanceof SendResult.Accepted)) {
            throw new IllegalStateException("not accepted: " + r);
          }
        }
      });
      th.start();
      all.add(th);
    }
    for (Thread th : all) {
      th.join();
    }
    return System.nanoTime();
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + seconds + " s");
      }
      Thread.sleep(5);
    }
  }

  /** Not one of telempostd's notes beside the record files (.retry, .settled). */
  private static boolean isRecordFile(Path p) {
    String name = p.getFileName().toString();
    return !name.endsWith(".retry") && !name.endsWith(".settled");
  }

  /** Records in the queue (a file holds the records telemprobd committed together). */
  private static int countRecords(Path dir) throws Exception {
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (isRecordFile(p)) {
          try {
            n += SpoolFileFormat.split(Files.readAllBytes(p)).size();
          } catch (java.nio.file.NoSuchFileException e) {
            // delivered meanwhile
          }
        }
      }
    }
    return n;
  }

  /** Bytes per queued record. */
  private static long averageBytes(Path dir) throws Exception {
    long total = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (isRecordFile(p)) {
          total += Files.size(p);
        }
      }
    }
    int n = countRecords(dir);
    return n == 0 ? 0 : total / n;
  }
}

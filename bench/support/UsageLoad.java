import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.configfile.ConfigLoader;

/**
 * One round of bench/usage, in one JVM: a local HTTP sink answering 201 on PORT and probe
 * clients sending to telemprobd. WARMUP records go first, untimed (telempostd was just
 * started for this round), then RECORDS more, timed from the first send until the sink has
 * them all. Prints "round RECORDS SECONDS RECORDS_PER_SECOND".
 * Usage: UsageLoad ROOT PORT WARMUP RECORDS   (-Dthreads=N probe threads, default 16)
 */
public final class UsageLoad {
  private static final int THREADS = Integer.getInteger("threads", 16);
  private static final AtomicInteger received = new AtomicInteger();
  private static final AtomicLong lastAt = new AtomicLong();

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    int records = Integer.parseInt(args[3]);
    TelemetryClient client = TelemetryClient.create(ConfigLoader.load(Optional.empty(), root));
    try (HttpSink sink = new HttpSink(port, () -> {
      lastAt.set(System.nanoTime());
      received.incrementAndGet();
    })) {
      send(client, warmup);
      waitFor(warmup, 120);
      received.set(0);
      long start = System.nanoTime();
      send(client, records);
      waitFor(records, 300);
      double seconds = (lastAt.get() - start) / 1e9;
      System.out.printf("round %d %.3f %.1f%n", records, seconds, records / seconds);
    }
  }

  private static void send(TelemetryClient client, int records) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread th = new Thread(() -> {
        int i;
        while ((i = next.getAndIncrement()) < records) {
          SendResult r = client.send(client.newRecord("org.example/bench/usage")
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
  }

  private static void waitFor(int count, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (received.get() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the sink got " + received.get() + " of " + count
            + " records in " + seconds + " s");
      }
      Thread.sleep(5);
    }
  }
}

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.configfile.ConfigLoader;

/**
 * Load, sink and scraper for bench/metrics, in one JVM. Phase 1: rounds of RECORDS records end
 * to end (in-JVM probes, telemprobd, telempostd, a local sink answering 201), alternately with
 * the metrics exporter off (its process stopped with SIGSTOP, so it costs nothing) and on
 * (scraped once a second), in the order off, on, on, off, off, on... so that a drift of the
 * machine's load falls on both. The exporter runs through all rounds and is warmed up first,
 * as a long-running one is. Phase 2: the sink goes away, QUEUED records pile up in telempostd's
 * queue, and a fresh exporter is scraped SCRAPES times, 5 ms apart on one kept-alive connection
 * as Prometheus scrapes (after a warm-up), for the latency; then its VmRSS and VmHWM.
 * Prints "key value..." lines. Usage:
 * MetricsLoad ROOT SINK_PORT METRICS_PORT PAIRS RECORDS QUEUED SCRAPES LOG EXPORTER_COMMAND...
 */
public final class MetricsLoad {
  private static final int THREADS = Integer.getInteger("threads", 16);
  private static final Pattern QUEUED_RECORDS =
      Pattern.compile("(?m)^telemetrics_queued_records\\{[^}]*\\} ([0-9.e+]+)");
  private static final AtomicInteger received = new AtomicInteger();
  private static volatile long lastAt;

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int sinkPort = Integer.parseInt(args[1]);
    int metricsPort = Integer.parseInt(args[2]);
    int pairs = Integer.parseInt(args[3]);
    int records = Integer.parseInt(args[4]);
    int queued = Integer.parseInt(args[5]);
    int scrapes = Integer.parseInt(args[6]);
    Path log = Path.of(args[7]);
    List<String> exporterCommand = Arrays.asList(args).subList(8, args.length);
    TelemetryConfig config = ConfigLoader.load(Optional.empty(), root);
    TelemetryClient client = TelemetryClient.create(config);

    HttpSink sink = new HttpSink(sinkPort, () -> {
      lastAt = System.nanoTime();
      received.incrementAndGet();
    });
    endToEnd(client, records); // warm-up: the daemons' JIT, the sink's connections
    double[] seconds = new double[2];
    int scraped = 0;
    try (ExporterProcess exporter = ExporterProcess.start(exporterCommand, metricsPort, log)) {
      for (int i = 0; i < 100; i++) {
        exporter.scrape(); // a long-running exporter has compiled its scrape path
      }
      for (int round = 0; round < 2 * pairs; round++) {
        boolean on = round % 4 == 1 || round % 4 == 2;
        if (!on) {
          exporter.signal("STOP"); // off: not a single cycle of it runs
          seconds[0] += endToEnd(client, records);
          exporter.signal("CONT");
          continue;
        }
        ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger done = new AtomicInteger();
        every.scheduleAtFixedRate(() -> {
          try {
            exporter.scrape();
            done.incrementAndGet();
          } catch (Exception e) {
            System.out.println("scrape_failed " + e);
          }
        }, 0, 1, TimeUnit.SECONDS);
        seconds[1] += endToEnd(client, records);
        every.shutdown();
        every.awaitTermination(30, TimeUnit.SECONDS);
        scraped += done.get();
      }
    }
    long each = (long) records * pairs;
    System.out.printf("rate off %d %.3f %.0f%n", each, seconds[0], each / seconds[0]);
    System.out.printf("rate on %d %.3f %.0f%n", each, seconds[1], each / seconds[1]);
    System.out.printf("scrapes_during_load %d%n", scraped);

    sink.close(); // the backend is down: what is sent now stays queued
    send(client, queued);
    try (ExporterProcess exporter = ExporterProcess.start(exporterCommand, metricsPort, log)) {
      double seen = waitForQueued(exporter, queued);
      System.out.printf("queued %.0f%n", seen);
      for (int i = 0; i < Math.max(50, scrapes / 10); i++) {
        exporter.scrape(); // warm-up
      }
      long[] nanos = new long[scrapes];
      for (int i = 0; i < scrapes; i++) {
        long start = System.nanoTime();
        exporter.scrape();
        nanos[i] = System.nanoTime() - start;
        Thread.sleep(5);
      }
      Arrays.sort(nanos);
      System.out.printf("latency %d %.2f %.2f %.2f%n", scrapes, ms(quantile(nanos, 0.50)),
          ms(quantile(nanos, 0.99)), ms(nanos[scrapes - 1]));
      System.out.printf("rss %d %d%n", exporter.statusKb("VmRSS"), exporter.statusKb("VmHWM"));
    }
  }

  /** Sends RECORDS and waits until the sink has them all; seconds from first send to last 201. */
  private static double endToEnd(TelemetryClient client, int records) throws Exception {
    received.set(0);
    long start = System.nanoTime();
    send(client, records);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (received.get() < records) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the sink got " + received.get() + " of " + records
            + " records within 300 s");
      }
      Thread.sleep(2);
    }
    return (lastAt - start) / 1e9;
  }

  /** Sends from THREADS in-JVM probes, one connection per record; returns when all are acked. */
  private static void send(TelemetryClient client, int records) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Thread> all = new ArrayList<>();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < THREADS; t++) {
      Thread th = new Thread(() -> {
        for (int i; (i = next.getAndIncrement()) < records; ) {
          SendResult r = client.send(client.newRecord("org.example/bench/metrics")
              .payload("hello\nrecord " + i + "\n").build());
          if (!(r instanceof SendResult.Accepted)) {
            failures.add(String.valueOf(r));
          }
        }
      });
      th.start();
      all.add(th);
    }
    for (Thread th : all) {
      th.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " not accepted, e.g. " + failures.get(0));
    }
  }

  /** Waits (up to 60 s) until telempostd's persisted queue length reaches {@code wanted}. */
  private static double waitForQueued(ExporterProcess exporter, int wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    double seen = -1;
    while (System.nanoTime() < deadline) {
      Matcher m = QUEUED_RECORDS.matcher(exporter.scrape());
      seen = m.find() ? Double.parseDouble(m.group(1)) : -1;
      if (seen >= wanted) {
        break;
      }
      Thread.sleep(200);
    }
    return seen;
  }

  private static long quantile(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}

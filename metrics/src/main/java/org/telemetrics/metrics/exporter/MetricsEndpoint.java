package org.telemetrics.metrics.exporter;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.DefaultHandler;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.telemetrics.config.ListenAddress;
import org.telemetrics.metrics.MetricsReading;
import org.telemetrics.metrics.PersistedMetrics;

/**
 * The metrics model over HTTP, client_java's handler on the JDK's server (OpenMetrics 1.0 or
 * Prometheus text 0.0.4, as the scraper's Accept header asks) at {@code /metrics}. Every scrape
 * reads what the daemons persisted, so it answers while they sleep and never wakes them. A damaged
 * status file does not fail the scrape: the rest is served, {@code
 * telemetrics_status_file_readable} shows it, and {@code warnings} gets a line naming the file
 * (throttled by the caller).
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** Connections the kernel holds for the accepting thread (a scraper or two, and some slack). */
  private static final int BACKLOG = 50;

  private final HttpServer server;
  private final ExecutorService threads;

  private MetricsEndpoint(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  static final String NODELAY = "sun.net.httpserver.nodelay";

  /**
   * Seconds a client has to send its request, and to take the answer, before the JDK's server
   * closes its connection. Without them a connection that sends half a request holds a scrape
   * thread for ever, and a few such connections stop every scrape.
   */
  static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";

  static final String MAX_RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";

  /** What a scrape may take, either way: Prometheus times a scrape out after 10 s by default. */
  static final int CLIENT_SECONDS = 10;

  /** Threads reading requests and answering scrapes at most; one is kept while idle. */
  static final int MAX_SCRAPE_THREADS = 16;

  /** Listens on {@code listen} (port 0: any free port, for tests). */
  public static MetricsEndpoint start(
      ListenAddress listen, PersistedMetrics source, Consumer<String> warnings) throws IOException {
    // The JDK's HTTP server leaves Nagle's algorithm on: on a kept-alive connection (Prometheus
    // keeps its connections) every response then waits ~40 ms for the scraper's delayed ACK.
    // Read once, when the first server is made.
    setIfUnset(NODELAY, "true");
    setIfUnset(MAX_REQUEST_SECONDS, Integer.toString(CLIENT_SECONDS));
    setIfUnset(MAX_RESPONSE_SECONDS, Integer.toString(CLIENT_SECONDS));
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new PersistedCollector(source, warnings));
    // _created lines say when a counter's series began (totals_since_ms); client_java leaves
    // them out unless asked. Settings in code: no prometheus.properties is looked for.
    PrometheusProperties properties =
        PrometheusProperties.builder()
            .exporterProperties(ExporterProperties.builder().includeCreatedTimestamps(true).build())
            .build();
    // the JDK's server with client_java's handlers, not its HTTPServer: that one answers every
    // path and method (MetricsRoutes)
    ExecutorService threads = scrapeThreads();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(listen.address(), listen.port()), BACKLOG);
    server.setExecutor(threads);
    server.createContext(
        "/",
        new MetricsRoutes(
            new MetricsHandler(properties, registry), new DefaultHandler(MetricsRoutes.METRICS)));
    server.start();
    return new MetricsEndpoint(server, threads);
  }

  private static void setIfUnset(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * The threads that read a request and answer it. One is kept (a scrape takes about a millisecond,
   * and an idle thread costs resident memory in a process that runs for weeks); more are started
   * while clients are slow to send, up to {@value #MAX_SCRAPE_THREADS}, and each is held at most
   * {@value #CLIENT_SECONDS} s a way. A connection beyond them is closed at once (a scraper tries
   * again at its next interval). The server's one dispatcher thread, which accepts every
   * connection, never reads a request itself: a client that sends half of one would stop the whole
   * server.
   */
  private static ExecutorService scrapeThreads() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory daemons =
        r -> {
          Thread t = new Thread(r, "scrape-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    return new ThreadPoolExecutor(
        1,
        MAX_SCRAPE_THREADS,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        daemons,
        new ThreadPoolExecutor.AbortPolicy());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /** Reads the model per scrape. */
  private record PersistedCollector(PersistedMetrics source, Consumer<String> warnings)
      implements MultiCollector {
    @Override
    public MetricSnapshots collect() {
      MetricsReading reading = source.read();
      reading.problems().forEach(warnings);
      return reading.model().toSnapshots();
    }
  }
}

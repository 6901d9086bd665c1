package org.telemetrics.collector;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.telemetrics.log.Log;

/**
 * telemetrics-collector: a small local stand-in for the public telemetrics-backend. It accepts the
 * header form of a record, validates it with {@link BackendRules}, answers as the backend does and
 * appends accepted records to a JSON-lines file. The demo delivers to it when no server is
 * configured; tests start it in-process with {@link #start}.
 */
public final class Collector implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final JsonLinesStore store;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Collector(HttpServer server, ExecutorService executor, JsonLinesStore store) {
    this.server = server;
    this.executor = executor;
    this.store = store;
  }

  /** Binds, starts serving and, if asked, writes the URL file. */
  public static Collector start(CollectorOptions options, Log log) throws IOException {
    JsonLinesStore store = new JsonLinesStore(options.output());
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 64);
    } catch (IOException e) {
      store.close();
      throw new IOException(
          "cannot listen on " + options.bind() + ":" + options.port() + ": " + e.getMessage(), e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "collector-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/",
        new CollectorHandler(
            new BackendRules(options.tid()),
            store,
            options.maxBodyBytes(),
            Clock.systemUTC(),
            log));
    server.start();
    Collector collector = new Collector(server, executor, store);
    if (options.urlFile() != null) {
      writeAtomically(options.urlFile(), collector.url() + "\n");
    }
    return collector;
  }

  /** The URL records are posted to, e.g. {@code http://127.0.0.1:40123/v2/collector}. */
  public String url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + a.getPort() + "/v2/collector";
  }

  /** The URL OTLP/HTTP logs are posted to, e.g. {@code http://127.0.0.1:40123/v1/logs}. */
  public String otlpUrl() {
    return url().replace("/v2/collector", "/v1/logs");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** JSON of the newest stored records, newest first. */
  public List<String> recentRecords() {
    return store.recentJson();
  }

  @Override
  public void close() throws IOException {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      executor.shutdown();
      try {
        executor.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      store.close();
    }
  }

  private static void setIfUnset(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The project version, from the resource the build writes (the format and the fallback of
   * libtelemetry's org.telemetrics.Version, which the collector does not depend on).
   */
  static String version() {
    try (InputStream in = Collector.class.getResourceAsStream("version.txt")) {
      String v = in == null ? "" : new String(in.readNBytes(64), StandardCharsets.UTF_8).strip();
      return v.isEmpty() || v.startsWith("${") ? "development" : v;
    } catch (IOException e) {
      return "development";
    }
  }

  public static void main(String[] args) {
    CollectorOptions.Request request;
    try {
      request = CollectorOptions.request(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("telemetrics-collector: " + e.getMessage());
      System.err.println("Try 'telemetrics-collector --help' for more information.");
      System.exit(2);
      return;
    }
    if (request instanceof CollectorOptions.Request.Help) {
      System.out.print(CollectorOptions.USAGE);
      return;
    }
    if (request instanceof CollectorOptions.Request.ShowVersion) {
      System.out.println("telemetrics-collector " + version());
      return;
    }
    CollectorOptions options = ((CollectorOptions.Request.Run) request).options();
    // A client that stalls mid-request or never reads the answer is dropped after 30 s.
    setIfUnset("sun.net.httpserver.maxReqTime", "30");
    setIfUnset("sun.net.httpserver.maxRspTime", "30");
    Log log = Log.stderr("telemetrics-collector");
    Collector collector;
    try {
      collector = start(options, log);
    } catch (IOException e) {
      log.error(e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    collector.close();
                  } catch (IOException e) {
                    log.warning("closing: " + e.getMessage());
                  }
                  stopped.countDown();
                },
                "collector-shutdown"));
    System.out.println(collector.url());
    System.out.flush();
    log.info(
        "listening on "
            + collector.url()
            + " (OTLP logs: "
            + collector.otlpUrl()
            + "), storing records in "
            + options.output().toAbsolutePath());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

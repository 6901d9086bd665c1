package org.telemetrics.collector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.telemetrics.Version;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;

/**
 * telemetrics-collector: a small local stand-in for the public telemetrics-backend. It accepts the
 * header form of a record, validates it with {@link BackendRules}, answers as the backend does and
 * appends accepted records to a JSON-lines file. The demo delivers to it when no server is
 * configured; tests start it in-process with {@link #start}.
 */
public final class Collector implements AutoCloseable {
  /** A connection silent this long, between requests or within one, is closed. */
  static final int IDLE_TIMEOUT_MILLIS = 30_000;

  private final BlockingHttpServer server;
  private final JsonLinesStore store;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Collector(BlockingHttpServer server, JsonLinesStore store) {
    this.server = server;
    this.store = store;
  }

  /**
   * Binds, opens the output file, starts serving and, if asked, writes the URL file. It binds
   * first, so a collector that cannot listen leaves no output file behind.
   */
  public static Collector start(CollectorOptions options, Log log) throws IOException {
    ServerSocket listener;
    try {
      listener = BlockingHttpServer.listen(new InetSocketAddress(options.bind(), options.port()));
    } catch (IOException e) {
      throw new IOException(
          "cannot listen on " + options.bind() + ":" + options.port() + ": " + e.getMessage(), e);
    }
    JsonLinesStore store;
    try {
      store = new JsonLinesStore(options.output());
    } catch (IOException e) {
      listener.close();
      throw new IOException("cannot store records in " + FileErrors.about(options.output(), e), e);
    }
    if (store.hadPartialLastLine()) {
      log.warning(
          options.output()
              + " ended with a partial line (a write cut short): it is kept, and the next record"
              + " starts on a line of its own");
    }
    CollectorHandler handler =
        new CollectorHandler(
            new BackendRules(options.tid()), store, options.maxBodyBytes(), Clock.systemUTC(), log);
    BlockingHttpServer server =
        new BlockingHttpServer(
            listener, handler, options.maxBodyBytes(), IDLE_TIMEOUT_MILLIS, log, System::nanoTime);
    Collector collector = new Collector(server, store);
    if (options.urlFile() != null) {
      writeAtomically(options.urlFile(), collector.url() + "\n");
    }
    return collector;
  }

  /** The URL records are posted to, e.g. {@code http://127.0.0.1:40123/v2/collector}. */
  public String url() {
    InetSocketAddress a = server.address();
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
    return server.address().getPort();
  }

  /** JSON of the newest stored records, newest first. */
  public List<String> recentRecords() {
    return store.recentJson();
  }

  @Override
  public void close() throws IOException {
    if (closed.compareAndSet(false, true)) {
      server.close();
      store.close();
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
      System.out.println(Version.line("telemetrics-collector"));
      return;
    }
    CollectorOptions options = ((CollectorOptions.Request.Run) request).options();
    Log log = Log.stderr("telemetrics-collector");
    Collector collector;
    try {
      collector = start(options, log);
    } catch (IOException e) {
      log.error(FileErrors.describe(e));
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

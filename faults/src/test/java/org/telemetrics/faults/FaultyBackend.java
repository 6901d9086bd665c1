package org.telemetrics.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.telemetrics.collector.BackendRules;

/**
 * A loopback backend that can be told to misbehave, on a raw {@link ServerSocket} so that it can
 * refuse connections, reset them and hang exactly as a broken server or network does. Records it
 * stores are checked with the public backend's rules ({@link BackendRules}) and handed to a {@link
 * Ledger}; every request is counted in a {@link RateMeter}.
 */
final class FaultyBackend implements AutoCloseable {
  /** How it treats the next request. */
  enum Fault {
    /** Stores the record and answers 201. */
    NONE,
    /** Refuses connections: nothing listens on the port. */
    DOWN,
    /** Answers 500 without storing. */
    SERVER_ERROR,
    /** Every other request: 500 without storing; the others are stored and answered 201. */
    EVERY_OTHER_SERVER_ERROR,
    /** Answers 400 without storing: the record is refused for good (dead-lettered). */
    BAD_REQUEST,
    /** Answers 429 with {@code Retry-After: 1} without storing. */
    TOO_MANY_REQUESTS,
    /** Resets the connection (RST) after reading the request, without storing. */
    RESET,
    /** Stores the record, then resets the connection: the client cannot know it arrived. */
    STORED_THEN_RESET,
    /** Reads the request and never answers (until the fault changes), without storing. */
    HANG,
    /** Stores the record and never answers: the client times out on a delivered record. */
    STORED_THEN_HANG
  }

  private static final long HANG_LIMIT_MILLIS = 10_000;

  private final Ledger ledger;
  private final RateMeter requests = new RateMeter();
  private final BackendRules rules = BackendRules.withDefaultTid();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final ExecutorService connections =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "faulty-backend");
            t.setDaemon(true);
            return t;
          });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong alternate =
      new java.util.concurrent.atomic.AtomicLong();
  private final int port;
  private volatile Fault fault = Fault.NONE;
  private volatile ServerSocket server;
  private volatile boolean closed;

  FaultyBackend(Ledger ledger) throws IOException {
    this.ledger = ledger;
    ServerSocket s = bind(0);
    this.port = s.getLocalPort();
    listen(s);
  }

  String url() {
    return "http://127.0.0.1:" + port + "/v2/collector";
  }

  RateMeter requests() {
    return requests;
  }

  /** Records the backend's rules refused (a 400): each one a bug in what was posted. */
  List<String> violations() {
    return violations;
  }

  Fault fault() {
    return fault;
  }

  /** Changes how requests are treated from now on; DOWN closes the port and every connection. */
  synchronized void set(Fault next) throws IOException {
    Fault before = fault;
    fault = next;
    if (next == Fault.DOWN && before != Fault.DOWN) {
      server.close();
      for (Socket s : open) {
        reset(s);
      }
    } else if (next != Fault.DOWN && before == Fault.DOWN) {
      listen(bind(port));
    }
    notifyAll(); // ends hangs
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    return s;
  }

  private void listen(ServerSocket s) {
    server = s;
    Thread acceptor =
        new Thread(
            () -> {
              while (!s.isClosed()) {
                try {
                  Socket c = s.accept();
                  open.add(c);
                  connections.execute(() -> serve(c));
                } catch (IOException e) {
                  return; // closed: DOWN or the end
                }
              }
            },
            "faulty-backend-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void serve(Socket c) {
    try (c) {
      InputStream in = new java.io.BufferedInputStream(c.getInputStream());
      OutputStream out = c.getOutputStream();
      while (!closed) {
        RawHttpRequest request = RawHttpRequest.read(in);
        if (request == null) {
          return;
        }
        requests.tick();
        if (!answer(request, c, out)) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away, or we reset it
    } finally {
      open.remove(c);
    }
  }

  /** Answers one request; false when the connection is finished. */
  private boolean answer(RawHttpRequest request, Socket c, OutputStream out) throws IOException {
    Fault f = fault;
    switch (f) {
      case DOWN, RESET -> {
        reset(c);
        return false;
      }
      case SERVER_ERROR -> {
        respond(out, 500, "Internal Server Error", "");
        return true;
      }
      case EVERY_OTHER_SERVER_ERROR -> {
        if (alternate.getAndIncrement() % 2 == 0) {
          respond(out, 500, "Internal Server Error", "");
          return true;
        }
      }
      case BAD_REQUEST -> {
        respond(out, 400, "Bad Request", "");
        return true;
      }
      case TOO_MANY_REQUESTS -> {
        respond(out, 429, "Too Many Requests", "Retry-After: 1\r\n");
        return true;
      }
      case HANG -> {
        hang(f);
        reset(c);
        return false;
      }
      default -> {}
    }
    java.util.Optional<String> violation = rules.firstViolation(request.headerLines());
    if (violation.isPresent()) {
      violations.add(violation.get() + " in " + request.headerLines());
      respond(out, 400, "Bad Request", "");
      return true;
    }
    ledger.received(
        request.header("X-Telemetry-Record-Id"),
        new String(request.body(), StandardCharsets.UTF_8));
    if (f == Fault.STORED_THEN_RESET) {
      reset(c);
      return false;
    }
    if (f == Fault.STORED_THEN_HANG) {
      hang(f);
      reset(c);
      return false;
    }
    respond(out, 201, "Created", "");
    return true;
  }

  /** Holds the connection until the fault changes or the hang limit passes. */
  private synchronized void hang(Fault f) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANG_LIMIT_MILLIS);
    try {
      while (fault == f && !closed && System.nanoTime() < end) {
        wait(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(OutputStream out, int code, String reason, String headers)
      throws IOException {
    String body = code == 201 ? "{}" : "";
    out.write(
        ("HTTP/1.1 "
                + code
                + " "
                + reason
                + "\r\n"
                + headers
                + "Content-Type: application/json\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Closes with SO_LINGER 0: the peer gets a TCP RST, not an orderly end. */
  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : open) {
      reset(s);
    }
    connections.shutdownNow();
  }
}

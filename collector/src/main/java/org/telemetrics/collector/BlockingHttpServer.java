package org.telemetrics.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.telemetrics.log.Log;

/**
 * A small HTTP/1.1 server with one thread per connection and blocking I/O. A keep-alive client
 * (telempostd holds a few connections) is then served by a thread that reads the request, runs the
 * handler and writes the answer in one write, without the selector hand-offs, blocking-mode toggles
 * and thread wake-ups of an event-loop server. Connections are capped at {@value #MAX_CONNECTIONS};
 * a connection that sends nothing for the idle timeout is closed.
 */
final class BlockingHttpServer implements AutoCloseable {
  static final int MAX_CONNECTIONS = 128;

  /** Answers one request; may throw only for a failure that ends the connection. */
  @FunctionalInterface
  interface Handler {
    HttpAnswer handle(HttpRequest request) throws IOException;
  }

  private final ServerSocket listener;
  private final Handler handler;
  private final long maxBodyBytes;
  private final int idleTimeoutMillis;
  private final Log log;
  private final ThreadPoolExecutor workers;

  /** Open connections, each with the monotonic time its current wait or request began. */
  private final Map<Socket, Long> open = new ConcurrentHashMap<>();

  private final LongSupplier nanoTime;
  private final Thread acceptor;
  private final Thread reaper;

  BlockingHttpServer(
      InetSocketAddress address,
      Handler handler,
      long maxBodyBytes,
      int idleTimeoutMillis,
      Log log,
      LongSupplier nanoTime)
      throws IOException {
    this.listener = new ServerSocket();
    try {
      listener.bind(address, 64);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    this.handler = handler;
    this.maxBodyBytes = maxBodyBytes;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.log = log;
    this.nanoTime = nanoTime;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            0,
            MAX_CONNECTIONS,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> daemon(r, "collector-http-" + n.incrementAndGet()));
    this.acceptor = daemon(this::acceptLoop, "collector-accept");
    acceptor.start();
    this.reaper = daemon(this::reapLoop, "collector-reaper");
    reaper.start();
  }

  /** Checks a few times per timeout, so a connection lives at most about 1.25 timeouts. */
  private void reapLoop() {
    long period = Math.max(10, idleTimeoutMillis / 4);
    while (!listener.isClosed()) {
      try {
        Thread.sleep(period);
      } catch (InterruptedException e) {
        return;
      }
      reapIdle();
    }
  }

  /** Closes the connections whose current wait or request has passed the idle timeout. */
  void reapIdle() {
    long now = nanoTime.getAsLong();
    long limit = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
    open.forEach(
        (socket, since) -> {
          if (now - since > limit) {
            closeQuietly(socket); // the thread blocked on it then ends with a SocketException
          }
        });
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          log.warning("accepting a connection: " + e.getMessage());
          pauseAfterFailedAccept(); // such as too many open files: not a loop of warnings
        }
        continue;
      }
      try {
        workers.execute(() -> serve(socket));
      } catch (RejectedExecutionException e) {
        log.warning("refused a connection: " + MAX_CONNECTIONS + " are open");
        closeQuietly(socket);
      }
    }
  }

  private static void pauseAfterFailedAccept() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void serve(Socket socket) {
    open.put(socket, nanoTime.getAsLong());
    try (socket) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      HttpRequestReader reader = new HttpRequestReader(socket.getInputStream(), out, maxBodyBytes);
      boolean keepOpen = true;
      while (keepOpen) {
        HttpRequest request;
        try {
          request = reader.read();
        } catch (HttpRequestReader.BadRequest e) {
          write(out, HttpAnswer.text(e.status, e.getMessage() + "\n").closing(), false);
          return;
        }
        if (request == null) {
          return;
        }
        HttpAnswer answer;
        try {
          answer = handler.handle(request);
        } catch (RuntimeException e) {
          log.error("answering " + request.method() + " " + request.path() + ": " + e);
          answer = HttpAnswer.text(500, "500 Internal Server Error\n").closing();
        }
        keepOpen = !answer.close() && request.body() != null && request.keepAlive();
        open.put(socket, nanoTime.getAsLong()); // from the answer on: waiting for the next one
        write(out, keepOpen ? answer : answer.closing(), request.isHead());
      }
    } catch (SocketException | java.io.EOFException e) {
      // the client went away or stayed silent: nothing to answer
    } catch (IOException | RuntimeException e) {
      log.warning("serving a connection: " + e);
    } finally {
      open.remove(socket);
    }
  }

  /** Status line, headers and body in one write. */
  private static void write(OutputStream out, HttpAnswer a, boolean head) throws IOException {
    StringBuilder h = new StringBuilder(160);
    h.append("HTTP/1.1 ").append(a.status()).append(' ').append(reason(a.status())).append("\r\n");
    if (a.contentType() != null) {
      h.append("Content-Type: ").append(a.contentType()).append("\r\n");
    }
    h.append("Content-Length: ").append(a.body().length).append("\r\n");
    for (String line : a.headers()) {
      h.append(line).append("\r\n");
    }
    if (a.close()) {
      h.append("Connection: close\r\n");
    }
    h.append("\r\n");
    byte[] headBytes = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream all =
        new ByteArrayOutputStream(headBytes.length + (head ? 0 : a.body().length));
    all.write(headBytes, 0, headBytes.length);
    if (!head) {
      all.write(a.body(), 0, a.body().length);
    }
    all.writeTo(out);
    out.flush();
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 302 -> "Found";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "Status";
    };
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing more to do
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    reaper.interrupt();
    open.keySet().forEach(BlockingHttpServer::closeQuietly);
    workers.shutdown();
    try {
      workers.awaitTermination(2, TimeUnit.SECONDS);
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

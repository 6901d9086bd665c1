package org.telemetrics.collector;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
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
  private final ConnectionSlots slots;
  private final Thread acceptor;
  private final Thread reaper;

  /**
   * A socket bound to the address, for the constructor. Bound apart so a caller can learn that the
   * address is taken before it makes anything else, such as the file records go to.
   */
  static ServerSocket listen(InetSocketAddress address) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.bind(address, 64);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  /** Starts serving on a socket from {@link #listen}, which it closes when closed. */
  BlockingHttpServer(
      ServerSocket listener,
      Handler handler,
      long maxBodyBytes,
      int idleTimeoutMillis,
      Log log,
      LongSupplier nanoTime) {
    this.listener = listener;
    this.handler = handler;
    this.maxBodyBytes = maxBodyBytes;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.log = log;
    this.slots = new ConnectionSlots(idleTimeoutMillis, nanoTime);
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
    slots.closeIdle();
  }

  /** Connections being served now. */
  int openConnections() {
    return slots.size();
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
      slots.waitingFromNow(socket); // before its thread runs: the reaper sees it from its accept
      try {
        workers.execute(() -> serve(socket));
      } catch (RejectedExecutionException e) {
        slots.remove(socket);
        log.warning("refused a connection: " + MAX_CONNECTIONS + " are open");
        refuse(socket);
      }
    }
  }

  /** A short answer that fits the fresh socket's send buffer, so writing it does not block. */
  private static void refuse(Socket socket) {
    try (socket) {
      HttpAnswerWriter.write(
          socket.getOutputStream(),
          HttpAnswer.text(503, MAX_CONNECTIONS + " connections are open\n").closing(),
          false);
    } catch (IOException e) {
      // the client is gone: nothing to tell it
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
          HttpAnswerWriter.write(
              out, HttpAnswer.text(e.status, e.getMessage() + "\n").closing(), false);
          LingeringClose.drain(socket);
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
        slots.waitingFromNow(socket); // from the answer on: waiting for the next one
        HttpAnswerWriter.write(out, keepOpen ? answer : answer.closing(), request.isHead());
        if (request.body() == null) { // over the limit: its bytes may still be coming
          LingeringClose.drain(socket);
        }
      }
    } catch (SocketException | java.io.EOFException e) {
      // the client went away or stayed silent: nothing to answer
    } catch (IOException | RuntimeException e) {
      log.warning("serving a connection: " + e);
    } finally {
      slots.remove(socket);
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    reaper.interrupt();
    slots.closeAll();
    workers.shutdown();
    try {
      workers.awaitTermination(2, TimeUnit.SECONDS);
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

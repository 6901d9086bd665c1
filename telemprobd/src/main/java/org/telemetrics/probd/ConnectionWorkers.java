package org.telemetrics.probd;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slow path: a connection whose frame was not whole at once gets a thread of its own, which
 * serves it from what was read until its deadline. Threads are made as needed (the slots bound
 * them) and end after 30 s unused.
 */
final class ConnectionWorkers {
  /** Per-connection thread stack: the handler is shallow, and many may be alive. */
  private static final long STACK_BYTES = 256 * 1024;

  private final ConnectionHandler handler;
  private final ConnectionRelease release;
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          new WorkerFactory());

  ConnectionWorkers(ConnectionHandler handler, ConnectionRelease release) {
    this.handler = handler;
    this.release = release;
  }

  /**
   * Serves the rest of {@code connection} on a thread of its own; throws when no thread could be
   * had (the caller still owns the connection then).
   */
  void serveRest(ProbeConnection connection, ProbdSettings current) {
    pool.execute(() -> serve(connection, current));
  }

  /** Takes no more connections; those being served go on to their end. */
  void shutdown() {
    pool.shutdown();
  }

  private void serve(ProbeConnection connection, ProbdSettings current) {
    ConnectionHandler.Progress progress = ConnectionHandler.Progress.ANSWERED;
    try {
      progress = handler.serve(connection, current, Long.MAX_VALUE, () -> release.closed(null));
    } finally {
      if (progress != ConnectionHandler.Progress.STAGING) {
        release.closed(connection.socket());
      }
    }
  }

  private static final class WorkerFactory implements ThreadFactory {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(null, r, "probd-conn-" + n.incrementAndGet(), STACK_BYTES);
      t.setDaemon(true);
      return t;
    }
  }
}

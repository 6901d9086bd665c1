package org.telemetrics.postd.delivery;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.ConnectionListener;

/**
 * A connection pool whose idle-connection clean-up is not woken by every request. OkHttp's pool
 * schedules its clean-up for "now" each time a call gives its connection back, which wakes the
 * clean-up thread once per request (a futex wake, two thread renames and a pass over the
 * connections), although an idle connection is only closed after the keep-alive. The pool here runs
 * on a task runner whose coordinator is not woken early: it sleeps until the time it last chose
 * (the oldest idle connection's keep-alive end) and then runs what is due, so an idle connection is
 * closed at most one keep-alive late. Connections a call gives up on (the server closed them, an
 * error) are still closed at once by the call itself.
 *
 * <p>The task runner is OkHttp's internal API; an OkHttp without it gets the ordinary pool.
 */
final class LazyPoolCleanup {
  private LazyPoolCleanup() {}

  /** A pool of at most {@code maxIdle} idle connections, each kept for {@code keepAlive}. */
  static ConnectionPool pool(int maxIdle, Duration keepAlive) {
    return pool(maxIdle, keepAlive, new Backend());
  }

  static ConnectionPool pool(int maxIdle, Duration keepAlive, Backend backend) {
    try {
      return new ConnectionPool(
          maxIdle,
          keepAlive.toNanos(),
          TimeUnit.NANOSECONDS,
          new TaskRunner(backend, Logger.getLogger(TaskRunner.class.getName())),
          ConnectionListener.Companion.getNONE());
    } catch (LinkageError e) { // another OkHttp version: the pool as OkHttp makes it
      return new ConnectionPool(maxIdle, keepAlive.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** OkHttp's task runner backend, but for the wake-ups it ignores. */
  static final class Backend implements TaskRunner.Backend {
    private final AtomicLong sleeps = new AtomicLong();
    private final ThreadPoolExecutor threads =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "http-pool-cleanup");
              t.setDaemon(true);
              return t;
            });

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    /** Not woken: the coordinator keeps to the time it chose (see the class comment). */
    @Override
    public void coordinatorNotify(TaskRunner taskRunner) {}

    /**
     * Called with {@code taskRunner}'s monitor held, as OkHttp's own backend is; an interrupt goes
     * to OkHttp as its own backend lets it (the interface, from Kotlin, declares no exception).
     */
    @Override
    public void coordinatorWait(TaskRunner taskRunner, long nanos) {
      sleeps.incrementAndGet();
      if (nanos > 0) {
        try {
          taskRunner.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
          throw LazyPoolCleanup.<RuntimeException>unchecked(e);
        }
      }
    }

    /** How often the clean-up's coordinator went to sleep (once more than it woke): for tests. */
    long sleeps() {
      return sleeps.get();
    }

    @Override
    public <T> java.util.concurrent.BlockingQueue<T> decorate(
        java.util.concurrent.BlockingQueue<T> queue) {
      return queue;
    }

    @Override
    public void execute(TaskRunner taskRunner, Runnable runnable) {
      threads.execute(runnable);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E unchecked(Throwable e) throws E {
    throw (E) e;
  }
}

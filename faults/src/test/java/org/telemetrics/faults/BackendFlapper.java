package org.telemetrics.faults;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.telemetrics.faults.FaultyBackend.Fault;

/**
 * Changes the backend's fault every 0.2 to 1.5 s, drawn from a seeded {@link Random}: healthy a
 * third of the time, otherwise down, 500, 429 with Retry-After, resets and hangs (some after
 * storing the record, so the client re-sends a record that did arrive). Ends healthy.
 */
final class BackendFlapper implements AutoCloseable {
  private static final Fault[] WEIGHTED = {
    Fault.NONE,
    Fault.NONE,
    Fault.NONE,
    Fault.NONE,
    Fault.NONE,
    Fault.DOWN,
    Fault.DOWN,
    Fault.SERVER_ERROR,
    Fault.SERVER_ERROR,
    Fault.TOO_MANY_REQUESTS,
    Fault.TOO_MANY_REQUESTS,
    Fault.RESET,
    Fault.STORED_THEN_RESET,
    Fault.HANG,
    Fault.STORED_THEN_HANG,
  };

  private final FaultyBackend backend;
  private final Random random;
  private final Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
  private final Thread thread;
  private volatile boolean stopped;
  private volatile Throwable failure;

  private BackendFlapper(FaultyBackend backend, Random random) {
    this.backend = backend;
    this.random = random;
    this.thread = new Thread(this::flap, "backend-flapper");
    thread.setDaemon(true);
  }

  static BackendFlapper start(FaultyBackend backend, Random random) {
    BackendFlapper f = new BackendFlapper(backend, random);
    f.thread.start();
    return f;
  }

  private void flap() {
    try {
      while (!stopped) {
        Fault next = WEIGHTED[random.nextInt(WEIGHTED.length)];
        synchronized (counts) {
          counts.merge(next, 1, Integer::sum);
        }
        backend.set(next);
        Thread.sleep(200 + random.nextInt(1300));
      }
    } catch (InterruptedException e) {
      // stopped
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
  }

  /** How often each fault was set, e.g. {@code {NONE=12, DOWN=3, ...}}. */
  String counts() {
    synchronized (counts) {
      return counts.toString();
    }
  }

  int changes() {
    synchronized (counts) {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Stops flapping and leaves the backend healthy. */
  @Override
  public void close() throws IOException {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    backend.set(Fault.NONE);
    if (failure != null) {
      throw new IllegalStateException("the backend could not change its fault", failure);
    }
  }
}

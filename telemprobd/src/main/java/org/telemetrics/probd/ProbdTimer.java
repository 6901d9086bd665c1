package org.telemetrics.probd;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's timer thread ({@code probd-timer}): runs the once-a-second check, and the work a
 * signal asks for (a reload), off the signal handler's thread.
 */
final class ProbdTimer {
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(ProbdTimer::timerThread);

  /** Starts the timer, running {@code everySecond} a second after each run ends. */
  ProbdTimer(Runnable everySecond) {
    executor.scheduleWithFixedDelay(everySecond, 1, 1, TimeUnit.SECONDS);
  }

  /** Runs {@code task} on the timer's thread soon; nothing once it is stopped. */
  void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  void stop() {
    executor.shutdownNow();
  }

  private static Thread timerThread(Runnable r) {
    Thread t = new Thread(r, "probd-timer");
    t.setDaemon(true);
    return t;
  }
}

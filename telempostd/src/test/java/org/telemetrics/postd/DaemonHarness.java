package org.telemetrics.postd;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.log.Log;
import org.telemetrics.postd.spool.DiskSpace;
import org.telemetrics.postd.spool.DiskWrites;
import org.telemetrics.testing.TestRoot;

/** telempostd's loop on a thread of the test JVM, with its log captured. */
final class DaemonHarness implements AutoCloseable {
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger exit = new AtomicInteger(-1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final Thread thread;
  final PostDaemon daemon;

  DaemonHarness(TestRoot root, DiskSpace disk) throws Exception {
    this(root, disk, DiskWrites.system(), TimeSource.system());
  }

  DaemonHarness(TestRoot root, DiskSpace disk, DiskWrites writes, TimeSource time)
      throws Exception {
    this(PostdSettings.from(root.config()), disk, writes, time);
  }

  /** With settings made by the test, possibly ones the configuration check would refuse. */
  DaemonHarness(PostdSettings settings, DiskSpace disk, DiskWrites writes, TimeSource time)
      throws Exception {
    Log log =
        new Log(
            "telempostd", new PrintStream(logBytes, true, StandardCharsets.UTF_8), Log.Level.DEBUG);
    daemon = new PostDaemon(settings, log, time, disk, writes, new SplittableRandom(1));
    thread =
        new Thread(
            () -> {
              try {
                exit.set(daemon.run(stop));
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "telempostd-under-test");
    thread.start();
    awaitStarted();
  }

  static DaemonHarness start(TestRoot root) throws Exception {
    return new DaemonHarness(root, dir -> 100);
  }

  /** On {@code time}'s clocks, which move only when the test moves them. */
  static DaemonHarness onFakeClock(TestRoot root, FakeTime time) throws Exception {
    return new DaemonHarness(root, dir -> 100, DiskWrites.system(), time.source());
  }

  /** Waits until the startup scan is done and the directories exist. */
  DaemonHarness awaitStarted() {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> log().contains("started:") || !thread.isAlive());
    return this;
  }

  String log() {
    synchronized (logBytes) {
      return logBytes.toString(StandardCharsets.UTF_8);
    }
  }

  Counters counters() {
    return daemon.counters();
  }

  boolean running() {
    return thread.isAlive();
  }

  int exitCode() {
    return exit.get();
  }

  @Override
  public void close() throws Exception {
    stop.set(true);
    thread.join(15_000);
    daemon.close();
    if (failure.get() != null) {
      throw new AssertionError("daemon failed; log:\n" + log(), failure.get());
    }
  }
}

package org.telemetrics.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.testing.JavaProcess;

/**
 * One of the two daemons as a real JVM with the heap the installed launcher gives it (so a file
 * that would exhaust the daemon's memory in production does so here too), through all its lives:
 * started, killed with SIGKILL, started again. Every life appends to one output file. It remembers
 * the highest peak RSS (VmHWM) any life reached, and counts lives that ended without being asked
 * to.
 */
final class DaemonProcess implements AutoCloseable {
  /** Which daemon, its main class, the line that says it is serving, and its launcher flags. */
  enum Kind {
    PROBD("telemprobd", "org.telemetrics.probd.Telemprobd", "listening on", "-Xmx48m"),
    POSTD("telempostd", "org.telemetrics.postd.Telempostd", "started:", "-Xmx32m");

    final String name;
    final String mainClass;
    final String readyMarker;
    final String heap;

    Kind(String name, String mainClass, String readyMarker, String heap) {
      this.name = name;
      this.mainClass = mainClass;
      this.readyMarker = readyMarker;
      this.heap = heap;
    }
  }

  /** Every daemon this JVM started: none outlives the test run, whatever ends it. */
  private static final java.util.Set<Process> ALL =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Where the daemons' sqlite-jdbc copies SQLite's native library (the installed launcher gives
   * them the package's instead). A daemon killed leaves its copy behind: the directory is this
   * JVM's and goes when it ends, after the daemons, where /tmp kept 1.1 MB per test run.
   */
  private static final Path SQLITE_COPIES;

  static {
    try {
      SQLITE_COPIES = Files.createTempDirectory("telemetrics-faults-sqlite");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(DaemonProcess::killAll, "kill-daemons"));
  }

  private static void killAll() {
    ALL.forEach(Process::destroyForcibly);
    ALL.forEach(p -> waitQuietly(p, 5_000));
    try (var files = Files.walk(SQLITE_COPIES)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary directory is no test failure
    }
  }

  /** How long a daemon may take to start on a busy two-core machine. */
  static final long START_MILLIS = 30_000;

  final Kind kind;
  private final Path root;
  private final Path output;
  private Process process;
  private long outputOffset;
  private long peakRssKb;
  private int lives;
  private int unexpectedExits;
  private final java.util.Map<String, String> environment = new java.util.HashMap<>();

  DaemonProcess(Kind kind, Path root, Path output) {
    this.kind = kind;
    this.root = root;
    this.output = output;
  }

  /** Sets an environment variable for the lives started from now on. */
  synchronized DaemonProcess environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Starts a new life without waiting for it to be ready. */
  synchronized DaemonProcess launch() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(kind.name + " is already running");
    }
    outputOffset = size(output);
    List<String> command =
        new ArrayList<>(
            List.of(
                JavaProcess.javaBinary(),
                // as dist/src/main/sh/lib/telemetrics-run starts the daemons
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xss512k",
                "-XX:MaxRAM=256m",
                kind.heap,
                "-XX:MaxMetaspaceSize=64m",
                "-XX:ReservedCodeCacheSize=24m",
                "-XX:-UsePerfData",
                "-Dorg.sqlite.tmpdir=" + SQLITE_COPIES,
                "-cp",
                System.getProperty("java.class.path"),
                kind.mainClass));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put(ConfigLoader.ROOT_ENV, root.toString());
    pb.environment().putAll(environment);
    try {
      Process started = pb.start();
      ALL.add(started);
      started.onExit().thenRun(() -> ALL.remove(started));
      process = started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    lives++;
    return this;
  }

  /** Waits until this life says it is serving; fails with its output if it exits first. */
  DaemonProcess awaitReady() {
    Process p = current();
    try {
      Awaitility.await()
          .atMost(Duration.ofMillis(START_MILLIS))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                if (!p.isAlive() && !lifeOutput().contains(kind.readyMarker)) {
                  throw new AssertionError(
                      kind.name
                          + " exited with "
                          + p.exitValue()
                          + " instead of starting; its output:\n"
                          + tail(lifeOutput(), 4000));
                }
                return lifeOutput().contains(kind.readyMarker);
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          kind.name
              + " did not start within "
              + START_MILLIS
              + " ms; its output:\n"
              + tail(lifeOutput(), 4000),
          e);
    }
    return this;
  }

  DaemonProcess start() {
    return launch().awaitReady();
  }

  /** SIGKILL, as a crash or the OOM killer would; a life that had already ended is counted. */
  synchronized void kill9() {
    Process p = current();
    if (!p.isAlive()) {
      unexpectedExits++;
      return;
    }
    sampleRss();
    p.destroyForcibly();
    waitQuietly(p, 10_000);
  }

  /** SIGTERM and the wait for exit; returns the exit code. */
  synchronized int stop() {
    Process p = current();
    if (p.isAlive()) {
      sampleRss();
      p.destroy();
      if (!waitQuietly(p, 20_000)) {
        p.destroyForcibly();
        waitQuietly(p, 10_000);
        throw new AssertionError(
            kind.name + " ignored SIGTERM for 20 s; its output:\n" + tail(lifeOutput(), 4000));
      }
    }
    return p.exitValue();
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** Records this life's VmHWM if it is the highest seen (call it now and then). */
  synchronized void sampleRss() {
    if (process == null || !process.isAlive()) {
      return;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          peakRssKb = Math.max(peakRssKb, kb);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process ended meanwhile
    }
  }

  synchronized long peakRssKb() {
    return peakRssKb;
  }

  synchronized int lives() {
    return lives;
  }

  /** Lives that had ended by themselves when they were to be killed. */
  synchronized int unexpectedExits() {
    return unexpectedExits;
  }

  Path outputFile() {
    return output;
  }

  /** All lives' output. */
  String output() {
    try {
      return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** The current life's output. */
  String lifeOutput() {
    try {
      if (!Files.exists(output)) {
        return "";
      }
      byte[] all = Files.readAllBytes(output);
      int from = (int) Math.min(outputOffset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  long pid() {
    return current().pid();
  }

  private synchronized Process current() {
    if (process == null) {
      throw new IllegalStateException(kind.name + " was never started");
    }
    return process;
  }

  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      waitQuietly(process, 10_000);
    }
  }

  static String tail(String s, int chars) {
    return s.length() <= chars ? s : "..." + s.substring(s.length() - chars);
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static boolean waitQuietly(Process p, long millis) {
    try {
      return p.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

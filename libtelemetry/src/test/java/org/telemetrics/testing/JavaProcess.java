package org.telemetrics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real JVM running one of the suite's main classes with the test's classpath: what end-to-end
 * tests start, kill -9 and restart. Output (stdout and stderr together) goes to a file.
 */
public final class JavaProcess implements AutoCloseable {
  private final Process process;
  private final Path output;

  private JavaProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  public static JavaProcess start(
      String mainClass, List<String> args, Map<String, String> env, Path output) {
    return start(
        mainClass, args, env, output, ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
  }

  /**
   * As {@link #start(String, List, Map, Path)} with standard input from {@code stdin}; {@link
   * ProcessBuilder.Redirect#PIPE} gives a real pipe, written through {@code
   * process().getOutputStream()}.
   */
  public static JavaProcess start(
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path output,
      ProcessBuilder.Redirect stdin) {
    return start(List.of(), mainClass, args, env, output, stdin);
  }

  /** As {@link #start(String, List, Map, Path, ProcessBuilder.Redirect)} with JVM options. */
  public static JavaProcess start(
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path output,
      ProcessBuilder.Redirect stdin) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
            .redirectInput(stdin);
    pb.environment().putAll(env);
    try {
      return new JavaProcess(pb.start(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a main class to completion and returns its exit code and output. */
  public static Result run(
      String mainClass, List<String> args, Map<String, String> env, Path output, Duration timeout) {
    return run(List.of(), mainClass, args, env, output, timeout);
  }

  /** As {@link #run(String, List, Map, Path, Duration)} with JVM options. */
  public static Result run(
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path output,
      Duration timeout) {
    try (JavaProcess p =
        start(
            jvmOptions,
            mainClass,
            args,
            env,
            output,
            ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))) {
      int code = p.waitFor(timeout);
      return new Result(code, p.output());
    }
  }

  /** Exit code and combined output of a finished process. */
  public record Result(int exitCode, String output) {}

  public static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hooks, no flushing, as a crash or the OOM killer would. */
  public void kill9() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM. */
  public void terminate() {
    process.destroy();
  }

  /** Waits for exit; throws if the process is still running after {@code timeout}. */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "process " + pid() + " still running after " + timeout + "; output:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public String output() {
    try {
      return Files.exists(output) ? Files.readString(output) : "";
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill9();
    }
  }
}

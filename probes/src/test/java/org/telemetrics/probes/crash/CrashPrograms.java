package org.telemetrics.probes.crash;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the small crashing C programs of the test resources with gcc and makes real cores of them:
 * with gdb (run until the fault, then {@code generate-core-file}, the command behind {@code
 * gcore}), with {@code gcore} on a process that stopped itself, and, where {@code core_pattern}
 * writes plain files, by the kernel. scripts/install-deps.sh installs gcc and gdb; without them
 * these tests fail rather than pass.
 */
final class CrashPrograms {
  private CrashPrograms() {}

  /** Compiles {@code crash/<source>} into {@code dir/<name>} with extra gcc flags. */
  static Path compile(String source, Path dir, String name, String... flags) {
    requireTool("gcc");
    Path src = dir.resolve(source);
    try (InputStream in = CrashPrograms.class.getResourceAsStream("/crash/" + source)) {
      if (!Files.exists(src)) {
        Files.copy(in, src);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path out = dir.resolve(name);
    List<String> cmd = new ArrayList<>(List.of("gcc", "-g", "-pthread"));
    cmd.addAll(List.of(flags));
    cmd.addAll(List.of("-o", out.toString(), src.toString()));
    exec(cmd, dir, 120);
    return out;
  }

  /** Runs the program under gdb until it faults and writes the core of the stopped process. */
  static Path gdbCore(Path binary, Path core, String... args) {
    String out = gdbCoreAt(binary, core, null, args);
    if (!Files.isRegularFile(core)) {
      fail("gdb wrote no core for " + binary + ":\n" + out);
    }
    return core;
  }

  /**
   * Runs the program under gdb until it faults or reaches {@code breakpoint}, then writes the core;
   * gdb's output (the core may be missing if the breakpoint was never reached).
   */
  static String gdbCoreAt(Path binary, Path core, String breakpoint, String... args) {
    requireTool("gdb");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "gdb",
                "-batch",
                "-nx",
                "-iex",
                "set debuginfod enabled off",
                "-iex",
                "set breakpoint pending on",
                "-ex",
                "handle SIGUSR1 SIGUSR2 SIGALRM SIGCHLD nostop noprint pass"));
    if (breakpoint != null) {
      cmd.addAll(List.of("-ex", "break " + breakpoint));
    }
    cmd.addAll(
        List.of("-ex", "run", "-ex", "generate-core-file " + core, "--args", binary.toString()));
    cmd.addAll(List.of(args));
    return exec(cmd, binary.getParent(), 120);
  }

  /**
   * Starts the program, waits until it has stopped itself (SIGSTOP), and runs {@code gcore} on the
   * stopped process. Skipped, with gcore's output, where attaching is not allowed (ptrace
   * restrictions of the container).
   */
  static Path gcoreOfStopped(Path binary, Path dir) {
    requireTool("gcore");
    Process p;
    try {
      p =
          new ProcessBuilder(binary.toString())
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Path stat = Path.of("/proc/" + p.pid() + "/stat");
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!stopped(stat)) {
        if (System.nanoTime() > deadline || !p.isAlive()) {
          fail(binary + " did not stop itself");
        }
        Thread.sleep(10);
      }
      Path prefix = dir.resolve(binary.getFileName() + ".gcore");
      Result r = run(List.of("gcore", "-o", prefix.toString(), Long.toString(p.pid())), dir, 120);
      Path core = Path.of(prefix + "." + p.pid());
      assumeTrue(
          Files.isRegularFile(core),
          "gcore could not attach to a stopped process here:\n" + r.output());
      return core;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      p.destroyForcibly();
    }
  }

  private static boolean stopped(Path stat) {
    try {
      String s = Files.readString(stat);
      return s.substring(s.lastIndexOf(')') + 2).startsWith("T");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Lets the program crash with RLIMIT_CORE unlimited so the kernel writes the core. Skipped, with
   * the reason, where core_pattern sends cores elsewhere (a pipe or another directory).
   */
  static Path kernelCore(Path binary, Path dir, String... args) {
    String pattern;
    try {
      pattern = Files.readString(Path.of("/proc/sys/kernel/core_pattern")).strip();
    } catch (IOException e) {
      pattern = "";
    }
    assumeTrue(
        !pattern.startsWith("|") && !pattern.isEmpty() && !pattern.contains("/"),
        "cannot make a kernel core here: kernel.core_pattern is \""
            + pattern
            + "\" (needs a plain file name such as \"core\")");
    String prefix = pattern.contains("%") ? pattern.substring(0, pattern.indexOf('%')) : pattern;
    List<String> cmd =
        new ArrayList<>(
            List.of("sh", "-c", "ulimit -c unlimited && exec \"$0\" \"$@\"", binary.toString()));
    cmd.addAll(List.of(args));
    Path cwd;
    try {
      cwd = Files.createTempDirectory(dir, "kcore");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run(cmd, cwd, 120);
    try (Stream<Path> files = Files.list(cwd)) {
      Path core =
          files
              .filter(
                  p -> p.getFileName().toString().startsWith(prefix.isEmpty() ? "core" : prefix))
              .findFirst()
              .orElse(null);
      assumeTrue(
          core != null,
          "the kernel wrote no core (core_pattern \""
              + pattern
              + "\", RLIMIT_CORE may be capped by the container)");
      return core;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void requireTool(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return;
      }
    }
    fail(tool + " is not installed; scripts/install-deps.sh installs it");
  }

  static String exec(List<String> cmd, Path cwd, int timeoutSeconds) {
    Result r = run(cmd, cwd, timeoutSeconds);
    if (r.code() != 0 && !cmd.get(0).equals("gdb")) {
      fail(String.join(" ", cmd) + " exited " + r.code() + ":\n" + r.output());
    }
    return r.output();
  }

  private record Result(int code, String output) {}

  /** Runs a helper tool (objcopy, strip) and fails on a non-zero exit. */
  static String run(List<String> cmd, Path cwd) {
    requireTool(cmd.get(0));
    return exec(cmd, cwd, 120);
  }

  private static Result run(List<String> cmd, Path cwd, int timeoutSeconds) {
    try {
      Path log = Files.createTempFile(cwd, "cmd", ".log");
      Process p =
          new ProcessBuilder(cmd)
              .directory(cwd.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      Files.delete(log);
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

package org.telemetrics.ctl.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium, one process per page load, each with an empty profile of its own and
 * nothing that reaches the network on its own (updates, first-run pages).
 */
final class Chromium {
  private static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run");
  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;
  private final Path work;
  private int runs;

  private Chromium(Path binary, Path work) {
    this.binary = binary;
    this.work = work;
  }

  /** The installed browser, or a skip saying how to install it; in CI a failure. */
  static Chromium required(Path work) {
    Optional<Path> found = onPath("chromium");
    if (found.isPresent()) {
      return new Chromium(found.get(), work);
    }
    String why =
        "chromium is not installed (scripts/install-deps.sh installs the Debian "
            + "package chromium)";
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
      throw new AssertionError(why + "; in CI the report's browser test must run");
    }
    System.err.println("\n*** CHROMIUM REPORT TEST SKIPPED: " + why + " ***\n");
    return Assumptions.abort(why);
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Renders {@code page} in a window of {@code width}x{@code height} into {@code png}. */
  void screenshot(Path page, Path png, int width, int height) throws Exception {
    run(page, "--screenshot=" + png, "--window-size=" + width + "," + height);
    if (!Files.isRegularFile(png)) {
      throw new AssertionError("chromium wrote no screenshot to " + png);
    }
  }

  /** The DOM of {@code page} after it was loaded and laid out, serialized as HTML. */
  String dumpDom(Path page) throws Exception {
    return run(page, "--dump-dom");
  }

  private String run(Path page, String... args) throws Exception {
    Path dir = Files.createDirectories(work.resolve("run-" + ++runs));
    Path profile = Files.createDirectories(dir.resolve("profile")); // empty
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.addAll(List.of(args));
    command.add(page.toUri().toString());
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("HOME", dir.toString()); // nothing written to the user's home
    Process p = pb.start();
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "chromium did not finish in " + TIMEOUT_SECONDS + " s: " + tail(err));
      }
    } finally {
      p.destroyForcibly();
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("chromium exited " + p.exitValue() + ": " + tail(err));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String tail(Path file) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8);
    return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
  }
}

package org.telemetrics.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.telemetrics.Version;

/**
 * The command-line convention every program of the suite follows, checked on its real main class in
 * a JVM of its own (so {@code System.exit} and the real streams are what is checked): {@code
 * --version} prints {@code <program> <version>}, {@code --help} prints the usage on stdout, both
 * exit 0; an unknown option and an option missing its argument exit 2 with nothing on stdout and a
 * message on stderr naming the option and pointing to {@code --help}.
 */
public final class CommandLineConvention {
  /** What one run printed and how it ended. */
  public record Run(int exitCode, String out, String err) {}

  private final String program;
  private final String mainClass;
  private final Path dir;
  private final Map<String, String> env;

  /**
   * @param dir a scratch directory for the output files
   * @param env added to the environment (e.g. TELEMETRICS_ROOT, so nothing of the machine's own is
   *     read)
   */
  public CommandLineConvention(
      String program, String mainClass, Path dir, Map<String, String> env) {
    this.program = program;
    this.mainClass = mainClass;
    this.dir = dir;
    this.env = env;
  }

  /** Checks all four cases; {@code optionWithArgument} is given without its argument. */
  public void check(String optionWithArgument) throws IOException, InterruptedException {
    Run version = run("--version");
    assertThat(version)
        .as(program + " --version")
        .isEqualTo(new Run(0, program + " " + Version.number() + "\n", ""));

    Run help = run("--help");
    assertThat(help.exitCode()).as(program + " --help: " + help).isZero();
    assertThat(help.out()).as(program + " --help").startsWith("Usage: " + program);
    assertThat(help.err()).as(program + " --help").isEmpty();

    usageError(run("--no-such-option"), "'--no-such-option'");
    usageError(run(optionWithArgument), optionWithArgument);
  }

  private void usageError(Run run, String named) {
    assertThat(run.exitCode()).as(program + ": " + run).isEqualTo(2);
    assertThat(run.out()).as(program + ": usage errors go to stderr").isEmpty();
    assertThat(run.err()).as(program).startsWith(program + ": ").contains(named).contains("--help");
  }

  /** Runs the main class with {@code args}, stdin empty, within 60 seconds. */
  public Run run(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                JavaProcess.javaBinary(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, program, ".out");
    Path err = Files.createTempFile(dir, program, ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(program + " " + String.join(" ", args) + " did not end in 60 s");
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}

package org.telemetrics.probes;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.telemetrics.testing.JavaProcess;

/**
 * A probe in its own JVM as the launcher starts it: the class path of its jar and libtelemetry's
 * (nothing of the tests') and the JNI socket library (the JDK's own Unix sockets set up streams and
 * a SecureRandom), logging every class it loads, so that what it loads is the probe's doing.
 */
public final class ProbeJvm {
  /** Exit code and combined output. */
  public record Result(int exitCode, String output) {}

  private ProbeJvm() {}

  public static Result runLoggingClasses(
      String main, List<String> args, Map<String, String> env, Path stdin, Path output)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                JavaProcess.javaBinary(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xlog:class+load",
                "-Dtelemetrics.native.library=" + nativeLibrary(),
                "-cp",
                probeClassPath(),
                main));
    command.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(stdin == null ? new File("/dev/null") : stdin.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(main + " still running after 120 s");
    }
    return new Result(p.exitValue(), Files.readString(output));
  }

  /** The JNI library the build made, which the build names to the tests. */
  static String nativeLibrary() {
    String library = System.getProperty("telemetrics.native.library");
    if (library == null || !Files.isRegularFile(Path.of(library))) {
      throw new AssertionError("the build names no JNI library: " + library);
    }
    return library;
  }

  /** The entries of this test's class path that hold the probes' and libtelemetry's classes. */
  static String probeClassPath() {
    List<String> kept = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath().normalize();
      String module =
          p.getParent() == null || p.getParent().getParent() == null
              ? ""
              : p.getParent().getParent().getFileName().toString();
      boolean ours =
          module.equals("probes")
              || module.equals("libtelemetry")
              || p.getFileName()
                  .toString()
                  .matches("(probes|libtelemetry)-[0-9].*(?<!-tests)\\.jar");
      if (ours && !p.getFileName().toString().equals("test-classes")) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }
}

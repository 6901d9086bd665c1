package org.telemetrics.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.telemetrics.testing.TestRoot;

/**
 * Runs telemctl's real main class in a child process as another user under {@code setpriv}, so the
 * kernel's permission checks apply. The test's class path is copied, once, into {@code dir} where
 * that user may read it (~/.m2 may not be).
 */
public final class AnotherUser {
  public static final int NOBODY = 65_534;

  private final Path dir;
  private Path classPath;

  public AnotherUser(Path dir) {
    this.dir = dir;
  }

  /** Skips the test, saying so on stderr, unless it runs as root with setpriv at hand. */
  public static void assumeRootWithSetpriv(String what) throws IOException {
    boolean root =
        "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
    boolean setpriv = Files.isExecutable(Path.of("/usr/bin/setpriv"));
    if (!root || !setpriv) {
      System.err.println(
          "SKIPPED: "
              + what
              + " needs root and /usr/bin/setpriv (root "
              + root
              + ", setpriv "
              + setpriv
              + ")");
    }
    assumeTrue(root && setpriv, "needs root and /usr/bin/setpriv to run as another user");
  }

  /** telemctl with {@code args} as user {@code uid} in group {@code gid} only; its output. */
  public String telemctl(TestRoot root, int uid, int gid, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "/usr/bin/setpriv",
                "--reuid=" + uid,
                "--regid=" + gid,
                "--clear-groups",
                "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                readableClassPath().toString(),
                "org.telemetrics.ctl.Telemctl"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(root.env());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private Path readableClassPath() throws IOException {
    if (classPath != null) {
      return classPath;
    }
    Path cp = Files.createDirectories(dir.resolve("classpath"));
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = cp.resolve(i++ + (Files.isDirectory(from) ? "" : ".jar"));
      try (Stream<Path> all = Files.walk(from)) {
        for (Path p : all.toList()) {
          Path target = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, Files.isDirectory(from) ? target : to);
          }
        }
      }
      entries.add(to.toString());
    }
    try (Stream<Path> all = Files.walk(cp)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    classPath = Path.of(String.join(File.pathSeparator, entries));
    return classPath;
  }
}

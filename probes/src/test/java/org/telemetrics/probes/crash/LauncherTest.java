package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.TestRoot;

/**
 * The packaged launcher, started as root with the environment and closed descriptors of a kernel
 * usermode helper, drops to an unprivileged user before the JVM parses the core. Needs root and
 * setpriv; elsewhere it is skipped with the reason.
 */
@Timeout(120)
class LauncherTest {
  @TempDir Path dir;

  @Test
  void startedAsRootTheProbeParsesTheCoreAsAnotherUser() throws Exception {
    assumeTrue(Crashprobe.isRoot(), "the launcher's privilege drop can only be tested as root");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is not installed");
    Path launcher =
        Path.of(System.getProperty("user.dir")).resolveSibling("dist/src/main/sh/bin/crashprobe");
    assumeTrue(Files.isRegularFile(launcher), "launcher not found at " + launcher);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dist = fakeInstall(launcher);
    Path bin = CrashPrograms.compile("crashme.c", dir, "crashme", "-O0");
    Path core = CrashPrograms.gdbCore(bin, dir.resolve("crashme.core"));
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (RecordSink sink = new RecordSink(root.layout().socketPath())) {
      Files.setPosixFilePermissions(
          root.layout().socketPath(), PosixFilePermissions.fromString("rwxrwxrwx"));
      worldReadable(dir);

      ProcessBuilder pb =
          new ProcessBuilder(
              "sh",
              "-c",
              "exec 1>&- 2>&-; exec \"$0\" \"$@\"",
              dist.resolve("bin/crashprobe").toString(),
              "-p",
              "crashme",
              "-E",
              "!usr!bin!crashme",
              "-s",
              "11");
      pb.environment().clear();
      pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
      pb.environment().put("CRASHPROBE_USER", "nobody");
      pb.environment().put("TELEMETRICS_ROOT", root.dir().toString());
      pb.environment().put("JAVA_HOME", Path.of(JavaHome.get()).toString());
      Process p = pb.redirectInput(ProcessBuilder.Redirect.PIPE).start();
      try (OutputStream pipe = p.getOutputStream()) {
        Files.copy(core, pipe);
      } catch (IOException e) {
        // stopped reading early: fine
      }
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(p.exitValue()).isZero();
      assertThat(sink.records()).hasSize(1);
      assertThat(ProbeRun.functions(sink.records().get(0).payload(), 0))
          .startsWith("level3", "level2", "level1", "main");
    }
  }

  @Test
  void theJvmRefusesToParseACoreAsRoot() throws Exception {
    assumeTrue(Crashprobe.isRoot(), "only meaningful when the tests run as root");
    TestRoot root = TestRoot.create(dir.resolve("root"));
    Path out = dir.resolve("out");
    ProcessBuilder pb =
        new ProcessBuilder(
                JavaHome.java(),
                "-cp",
                System.getProperty("java.class.path"),
                Crashprobe.class.getName(),
                "-p",
                "crashme",
                "-E",
                "!usr!bin!crashme")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().remove(Crashprobe.ALLOW_ROOT_ENV);
    pb.environment().putAll(root.env());
    Process p = pb.start();
    p.getOutputStream().close();

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(Files.readString(out, StandardCharsets.UTF_8))
        .contains("crashprobe: error: refusing to parse a core as root");
  }

  /** bin/crashprobe, lib/telemetrics-run and a class path of this build's classes. */
  private Path fakeInstall(Path launcher) throws IOException {
    Path dist = dir.resolve("dist");
    Files.createDirectories(dist.resolve("bin"));
    Files.createDirectories(dist.resolve("lib"));
    Files.copy(launcher, dist.resolve("bin/crashprobe"));
    Files.copy(
        launcher.resolveSibling("../lib/telemetrics-run").normalize(),
        dist.resolve("lib/telemetrics-run"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String e : System.getProperty("java.class.path").split(":")) {
      boolean moduleJar = e.contains("/target/") && e.endsWith(".jar") && !e.endsWith("-tests.jar");
      if (e.endsWith("target/classes") || moduleJar) {
        Path link = dist.resolve("lib/cp" + n++ + (moduleJar ? ".jar" : ""));
        copyTree(Path.of(e), link);
        entries.add("lib/" + link.getFileName());
      }
    }
    Files.writeString(dist.resolve("lib/classpath"), String.join(":", entries) + "\n");
    for (String f : List.of("bin/crashprobe", "lib/telemetrics-run")) {
      Files.setPosixFilePermissions(dist.resolve(f), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return dist;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (p.equals(from) && !Files.isDirectory(p)) {
          Files.copy(p, to);
        } else if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void worldReadable(Path top) throws IOException {
    try (Stream<Path> s = Files.walk(top)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isSymbolicLink(p) || p.getFileName().toString().equals("telem-0")) {
          continue;
        }
        boolean exec = Files.isDirectory(p) || Files.isExecutable(p);
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  /** The JDK running the tests. */
  static final class JavaHome {
    static String get() {
      return System.getProperty("java.home");
    }

    static String java() {
      return Path.of(get(), "bin", "java").toString();
    }
  }
}

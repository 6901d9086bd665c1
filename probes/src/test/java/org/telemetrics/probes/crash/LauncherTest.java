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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.record.TelemetryRecord;
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
    Path dist = installAsRoot();
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

  /**
   * The kernel starts crashprobe with no locale, and a JVM without one names files in ASCII: a
   * library under a directory named in Cyrillic could not be opened, and the whole backtrace was
   * lost (an "unwinding failed" record). Through the launcher, which gives the JVM a UTF-8 locale,
   * its frame is named; started without the launcher, the library's frame is left unnamed and the
   * rest of the backtrace stays. The paths are made by the shell from UTF-8 bytes, so neither this
   * JVM's locale nor the shell's matters.
   */
  @Test
  void aLibraryUnderANonAsciiDirectoryIsReadWithTheKernelsEmptyEnvironment() throws Exception {
    Path dist = installAsRoot();
    for (String source : List.of("inlib.c", "callslib.c")) {
      try (var in = LauncherTest.class.getResourceAsStream("/crash/" + source)) {
        Files.copy(in, dir.resolve(source));
      }
    }
    Path core = dir.resolve("callslib.core");
    CrashPrograms.exec(
        List.of(
            "sh",
            "-ec",
            "lib=\"$0/$(printf '\\320\\261\\320\\270\\320\\261\\320\\273')\"; mkdir -p \"$lib\";"
                + " gcc -g -O0 -shared -fPIC -o \"$lib/libfault.so\" \"$0/inlib.c\";"
                + " gcc -g -O0 -o \"$0/callslib\" \"$0/callslib.c\" -L\"$lib\" -lfault"
                + " -Wl,-rpath,\"$lib\";"
                + " gdb -q -batch -ex run -ex \"generate-core-file $1\" \"$0/callslib\"",
            dir.toString(),
            core.toString()),
        dir,
        120);
    assertThat(core).isRegularFile();
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (RecordSink sink = new RecordSink(root.layout().socketPath())) {
      Files.setPosixFilePermissions(
          root.layout().socketPath(), PosixFilePermissions.fromString("rwxrwxrwx"));
      worldReadable(dir);
      Map<String, String> helperEnv =
          Map.of(
              "PATH",
              "/usr/sbin:/usr/bin:/sbin:/bin",
              "CRASHPROBE_USER",
              "nobody",
              "TELEMETRICS_ROOT",
              root.dir().toString(),
              "JAVA_HOME",
              Path.of(JavaHome.get()).toString());

      List<String> args = List.of("-p", "callslib", "-E", "!usr!bin!callslib", "-s", "11");
      List<String> viaLauncher =
          new ArrayList<>(List.of(dist.resolve("bin/crashprobe").toString()));
      viaLauncher.addAll(args);
      assertThat(runWithCore(viaLauncher, helperEnv, core)).isZero();
      assertThat(sink.records()).hasSize(1);
      String payload = sink.records().get(0).payload();
      assertThat(ProbeRun.functions(payload, 0)).startsWith("in_library", "main");
      assertThat(payload).contains("/\u0431\u0438\u0431\u043b/libfault.so");

      List<String> direct =
          new ArrayList<>(
              List.of(
                  JavaHome.java(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Crashprobe.class.getName()));
      direct.addAll(args);
      Map<String, String> noLocale = new HashMap<>(helperEnv);
      noLocale.put(Crashprobe.ALLOW_ROOT_ENV, "1");
      assertThat(runWithCore(direct, noLocale, core)).isZero();
      assertThat(sink.records()).hasSize(2);
      TelemetryRecord second = sink.records().get(1);
      assertThat(second.classification()).isEqualTo("org.clearlinux/crash/clr");
      assertThat(ProbeRun.functions(second.payload(), 0)).contains("main");
    }
  }

  /** Runs {@code command} with only {@code env}, the core on its standard input; its exit code. */
  private static int runWithCore(List<String> command, Map<String, String> env, Path core)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    try (OutputStream pipe = p.getOutputStream()) {
      Files.copy(core, pipe);
    } catch (IOException e) {
      // stopped reading early: fine
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(output).doesNotContain("unwinding");
    return p.exitValue();
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

  /**
   * The launcher installed in {@code dir}, which every user can read; the test is skipped where the
   * privilege drop cannot happen (not root, no setpriv) or the launcher is not beside the module.
   */
  private Path installAsRoot() throws IOException {
    assumeTrue(Crashprobe.isRoot(), "the launcher's privilege drop can only be tested as root");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is not installed");
    Path launcher =
        Path.of(System.getProperty("user.dir")).resolveSibling("dist/src/main/sh/bin/crashprobe");
    assumeTrue(Files.isRegularFile(launcher), "launcher not found at " + launcher);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return fakeInstall(launcher);
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
      // our modules: target/ in a reactor build, the local repository in one of this module alone
      boolean moduleJar =
          (e.contains("/target/") || e.contains("/org/telemetrics/"))
              && e.endsWith(".jar")
              && !e.endsWith("-tests.jar");
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

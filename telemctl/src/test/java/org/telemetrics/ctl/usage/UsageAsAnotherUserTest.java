package org.telemetrics.ctl.usage;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.TestRoot;

/**
 * telemctl usage run by a user who may read the database but not write its directory, with the
 * daemons stopped (no -wal or -shm file): SQLite cannot make the shared-memory file a WAL reader
 * needs, so telemctl opens the file as immutable, and changes nothing. The real main class runs
 * under {@code setpriv}, so the kernel's permission checks apply.
 */
class UsageAsAnotherUserTest {
  private static final int NOBODY = 65_534;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aUserWhoCannotWriteTheDirectoryReadsTheStoppedDatabase() throws Exception {
    boolean root = "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"),
        "unix:uid")));
    boolean setpriv = Files.isExecutable(Path.of("/usr/bin/setpriv"));
    assumeTrue(root && setpriv, "needs root and /usr/bin/setpriv to run as another user");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    TestRoot testRoot = TestRoot.create(dir.resolve("root"));
    Path db = UsageDatabasePath.of(testRoot.config()).orElseThrow();
    long now = System.currentTimeMillis() / 1000;
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, now)) {
      f.row(now, "other", "delivered", 321).totals("all_time", 9, 999, 9, 0, 0, 0, 0);
    }
    assertThat(Path.of(db + "-wal")).doesNotExist();
    for (Path p = db.getParent(); !p.equals(dir); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

    String out = runAsNobody(testRoot, "usage", "--json");

    assertThat(out).contains("\"all_time\" : {\n    \"records\" : 9,");
    try (Stream<Path> files = Files.list(db.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("usage.db");
    }
  }

  private String runAsNobody(TestRoot root, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY,
        "--regid=" + NOBODY, "--clear-groups", "--",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", readableClassPath().toString(), "org.telemetrics.ctl.Telemctl"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(root.env());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** The test's class path, copied where another user may read it (~/.m2 may not be). */
  private Path readableClassPath() throws IOException {
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
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return Path.of(String.join(File.pathSeparator, entries));
  }
}

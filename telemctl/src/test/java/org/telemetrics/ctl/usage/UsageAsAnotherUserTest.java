package org.telemetrics.ctl.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.ctl.AnotherUser;
import org.telemetrics.testing.TestRoot;

/**
 * telemctl usage run by a user who may read the database but not write its directory, with the
 * daemons stopped (no -wal or -shm file): SQLite cannot make the shared-memory file a WAL reader
 * needs, so telemctl opens the file as immutable, and changes nothing. The real main class runs
 * under {@code setpriv}, so the kernel's permission checks apply.
 */
class UsageAsAnotherUserTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aUserWhoCannotWriteTheDirectoryReadsTheStoppedDatabase() throws Exception {
    AnotherUser.assumeRootWithSetpriv("telemctl usage as another user");
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

    String out =
        new AnotherUser(dir)
            .telemctl(testRoot, AnotherUser.NOBODY, AnotherUser.NOBODY, "usage", "--json");

    assertThat(out).contains("\"all_time\" : {\n    \"records\" : 9,");
    try (Stream<Path> files = Files.list(db.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("usage.db");
    }
  }
}

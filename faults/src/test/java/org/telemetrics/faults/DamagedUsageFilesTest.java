package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.testing.TestRoot;

/**
 * The usage account's own files damaged before telempostd starts: the usage database, its {@code
 * .key} file and the usage log. telempostd starts, names the file in a log line, moves a damaged
 * database or key aside (with its {@code .reason} note) instead of deleting it, and delivers and
 * accounts for every record all the same.
 */
@Timeout(120)
class DamagedUsageFilesTest {
  @RegisterExtension static final DamageCases cases = new DamageCases();

  @TempDir Path dir;

  /** Where the damage goes, given the database's and the log's paths. */
  interface Planter {
    Path plant(Path db, Path log, Random random) throws Exception;
  }

  /** One damage; {@code asideExpected}: the file must be found moved aside afterwards. */
  record UsageDamage(String name, Planter planter, boolean asideExpected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<UsageDamage> damages() {
    return Stream.of(
        new UsageDamage(
            "usage.db of garbage", (db, log, r) -> Corpus.write(db, bytes(r, 8192)), true),
        new UsageDamage("usage.db cut off in the middle", (db, log, r) -> cutOff(db), true),
        new UsageDamage("a foreign SQLite database as usage.db", (db, log, r) -> foreign(db), true),
        new UsageDamage("usage.db is a directory", (db, log, r) -> directory(db), true),
        new UsageDamage(
            "usage.db unreadable (mode 000) and of garbage",
            (db, log, r) -> unreadable(Corpus.write(db, bytes(r, 4096))),
            false),
        new UsageDamage(
            "usage.db.key of zero length",
            (db, log, r) -> Corpus.write(key(db), new byte[0]),
            true),
        new UsageDamage("usage.db.key is a directory", (db, log, r) -> directory(key(db)), true),
        new UsageDamage(
            "usage.db.key unreadable (mode 000) and of 5 bytes",
            (db, log, r) -> unreadable(Corpus.write(key(db), bytes(r, 5))),
            false),
        new UsageDamage(
            "usage log of garbage without a final newline",
            (db, log, r) -> Corpus.write(log, bytes(r, 3000), new byte[] {'x'}),
            false),
        new UsageDamage("usage log is a directory", (db, log, r) -> directory(log), false),
        new UsageDamage(
            "usage log unreadable (mode 000) and cut off in a line",
            (db, log, r) -> unreadable(Corpus.write(log, "{\"started\":17".getBytes())),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void telempostdStartsNamesTheFileAndDeliversAndAccountsForEveryRecord(UsageDamage damage)
      throws Exception {
    DamageCases.check(damage, () -> check(damage));
  }

  private void check(UsageDamage damage) throws Exception {
    Path log = dir.resolve("root/usage.log");
    TestRoot root = cases.root(dir).set("usage_log", log.toString());
    Path db = root.config().path(ConfigKeys.USAGE_DB);
    Files.createDirectories(db.getParent());
    Corpus corpus = DamageCases.corpus(root, dir, damage.name());
    String staged = corpus.stageGood();
    Path damaged = damage.planter().plant(db, log, new Random(damage.name().hashCode()));
    try (Daemons daemons = Daemons.of(root).start()) {
      String sent = daemons.send(daemons.client(), 1);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .failFast(() -> !daemons.postd.alive())
          .until(() -> cases.ledger().wasReceived(staged) && cases.ledger().wasReceived(sent));
      assertThat(daemons.postd.stop())
          .as("telempostd's exit on SIGTERM\n" + daemons.outputs())
          .isZero();
      assertThat(daemons.postd.output())
          .as("a log line naming %s\n%s", damaged, daemons.outputs())
          .contains(damaged.toString());
      if (damage.asideExpected()) {
        assertThat(aside(damaged))
            .as("%s moved aside\n%s", damaged, daemons.outputs())
            .isNotEmpty();
      }
      if (!damaged.equals(db) || damage.asideExpected()) {
        assertThat(allTimeRecords(db))
            .as("records counted in %s\n%s", db, daemons.outputs())
            .isEqualTo(2);
      }
      if (!damaged.equals(log)) {
        assertThat(Files.readAllLines(log))
            .as("usage log lines")
            .hasSize(2)
            .allSatisfy(l -> assertThat(l).startsWith("{\"started\":").endsWith("}"));
      }
      assertThat(daemons.probd.stop()).isZero();
    }
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static Path key(Path db) {
    return db.resolveSibling(db.getFileName() + ".key");
  }

  private static Path directory(Path file) throws Exception {
    Files.createDirectories(file.resolve("inside"));
    return file;
  }

  private static Path unreadable(Path file) throws Exception {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    return file;
  }

  /** A database with the usage tables and many rows, cut to half its length. */
  private static Path cutOff(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (String table :
          List.of(
              "meta(key TEXT PRIMARY KEY, value TEXT)",
              "usage(id INTEGER PRIMARY KEY, settled INTEGER, note TEXT)",
              "current(n INTEGER)",
              "since_reboot(n INTEGER)",
              "all_time(n INTEGER)",
              "settled_keys(key BLOB PRIMARY KEY, day INTEGER) WITHOUT ROWID")) {
        s.execute("CREATE TABLE " + table);
      }
      s.execute("INSERT INTO meta VALUES('schema_version', '1')");
      s.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
              + " INSERT INTO usage(settled, note) SELECT i, printf('%0100d', i) FROM n");
    }
    try (var f = new java.io.RandomAccessFile(db.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    return db;
  }

  private static Path foreign(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE photos(name TEXT)");
      s.execute("INSERT INTO photos VALUES('holiday.jpg')");
    }
    return db;
  }

  private static List<Path> aside(Path file) throws Exception {
    try (Stream<Path> files = Files.list(file.getParent())) {
      return files
          .filter(
              p ->
                  p.getFileName().toString().startsWith(file.getFileName() + ".damaged-")
                      && !p.toString().endsWith(".reason"))
          .filter(p -> Files.exists(p.resolveSibling(p.getFileName() + ".reason")))
          .toList();
    }
  }

  private static long allTimeRecords(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT records FROM all_time")) {
      return r.next() ? r.getLong(1) : -1;
    }
  }
}

package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.files.Directories;
import org.telemetrics.record.Ids;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.testing.TestRoot;

/**
 * Start-up never fails over a damaged file of our own: what cannot be read is set aside with a line
 * naming it, and everything else is delivered.
 */
@Timeout(60)
class DamagedFilesTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  @Test
  void oversizedNotesAreSetAsideAndTheirRecordsStillDelivered() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    String single = queue(layout, Fixtures.record(1));
    Files.write(layout.queueDir().resolve(single + ".retry"), new byte[100 * 1024]);
    String garbled = queue(layout, Fixtures.record(4));
    Files.writeString(layout.queueDir().resolve(garbled + ".retry"), "\u0000garbage\n");
    Fixtures.Batch batch = Fixtures.batch(Fixtures.record(2), Fixtures.record(3));
    Path batchFile = layout.queueDir().resolve(batch.ids().get(0) + ".batch");
    Files.write(batchFile, batch.bytes());
    Files.write(
        layout.queueDir().resolve(batchFile.getFileName() + ".settled"), new byte[70 * 1024]);
    try (DaemonHarness d = DaemonHarness.start(root)) {
      assertThat(d.running()).as(d.log()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> d.counters().delivered.get() == 4);
      assertThat(d.log())
          .contains(single + ".retry")
          .contains(batchFile + ".settled")
          .contains(garbled + ".retry is not usable (not a retry note)");
      assertThat(layout.quarantineDir().resolve(single + ".retry")).exists();
      assertThat(layout.quarantineDir().resolve(single + ".retry.reason")).exists();
      assertThat(backend.distinctIds()).isEqualTo(4);
    }
  }

  @Test
  void aStagingDirectoryTurnedIntoAFileWhileRunningIsLoggedInWordsAndTheLoopGoesOn()
      throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    FakeTime time = new FakeTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try (DaemonHarness d = DaemonHarness.onFakeClock(root, time).awaitStarted()) {
      Files.delete(layout.stagingDir());
      Files.writeString(layout.stagingDir(), "not a directory");
      time.advance(Duration.ofSeconds(200)); // past spool_process_time's rescan

      await().atMost(Duration.ofSeconds(10)).until(() -> d.log().contains("rescan: "));
      assertThat(d.log())
          .contains("rescan: " + layout.stagingDir() + ": not a directory; trying again later")
          .doesNotContain("Exception");

      Files.delete(layout.stagingDir());
      Fixtures.stage(layout, Fixtures.record(1));
      time.advance(Duration.ofSeconds(200));
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.hits.size() == 1);
    }
  }

  @Test
  void filesWhoseNamesAreNotUtf8AreQuarantinedEachBesideItsNote() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    String ok = queue(layout, Fixtures.record(1));
    // names no Java string can write: "caf" and byte E9 (Latin-1 e-acute), "q", FF and "x"
    run(
        "sh",
        "-c",
        "printf junk > \"$1/caf$(printf '\\351')\"; printf junk > \"$2/q$(printf '\\377')x\"",
        "sh",
        layout.stagingDir().toString(),
        layout.queueDir().toString());
    try (DaemonHarness d = DaemonHarness.start(root)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(asideFiles(layout)).as(d.log()).hasSize(2));
      await() // the record, and the loss report of the two
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(d.counters().delivered.get()).as(d.log()).isEqualTo(2));
      for (Path file : asideFiles(layout)) {
        assertThat(Files.readString(file)).isEqualTo("junk");
      }
      // byte for byte (a Java string reads a byte that is not UTF-8 as U+FFFD, so only the shell
      // tells "caf" E9 ".reason" from "caf" U+FFFD ".reason")
      run(
          "sh",
          "-c",
          "for f in \"$1\"/*; do case $f in *.reason) ;; *) [ -e \"$f.reason\" ] || exit 1;;"
              + " esac; done",
          "sh",
          layout.quarantineDir().toString());
      assertThat(backend.hits).extracting(TestBackend.Hit::recordId).contains(ok);
    }
  }

  @Test
  void garbageSymlinksAndFifosInEveryDirectoryDoNotStopTheStart() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    String ok = queue(layout, Fixtures.record(1));
    Fixtures.Batch batch = Fixtures.batch(Fixtures.record(2), Fixtures.record(3));
    Path batchFile = layout.queueDir().resolve(batch.ids().get(0) + ".batch");
    Files.write(batchFile, batch.bytes());
    Files.writeString(
        layout.queueDir().resolve(batchFile.getFileName() + ".settled"),
        "not an id\n\u0000\u00ff\n");
    Path outside = dir.resolve("outside");
    Files.writeString(outside, "attempts: 3\n");
    String other = queue(layout, Fixtures.record(4));
    Files.createSymbolicLink(layout.queueDir().resolve(other + ".retry"), outside);
    Files.createDirectories(layout.queueDir().resolve(Ids.random128() + ".retry"));
    for (Path d :
        List.of(
            layout.queueDir(), layout.deadLetterDir(), layout.quarantineDir(), layout.tmpDir())) {
      mkfifo(d.resolve("." + Ids.random128() + ".retry.1.tmp"));
      mkfifo(d.resolve(Ids.random128()));
      Files.createSymbolicLink(d.resolve(Ids.random128() + ".reason"), outside);
    }
    try (var s = Files.list(layout.tmpDir())) { // left by a run killed long ago
      for (Path f : s.toList()) {
        run("touch", "-h", "-d", "@0", f.toString()); // a FIFO is not opened
      }
    }
    try (DaemonHarness d = DaemonHarness.start(root)) {
      assertThat(d.running()).as(d.log()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> d.counters().delivered.get() == 4);
      assertThat(backend.hits).extracting(TestBackend.Hit::recordId).contains(ok, other);
      assertThat(d.log()).contains(batchFile + ".settled");
      assertThat(Files.readString(outside)).isEqualTo("attempts: 3\n"); // never written through
    }
  }

  /** What is in quarantine beside the notes. */
  private static List<Path> asideFiles(Layout layout) throws Exception {
    try (var s = Files.list(layout.quarantineDir())) {
      return s.filter(p -> !p.toString().endsWith(".reason")).toList();
    }
  }

  /** A record already in the queue, as an earlier run left it. */
  private static String queue(Layout layout, org.telemetrics.record.TelemetryRecord r)
      throws Exception {
    String id = Ids.random128();
    for (Path d :
        List.of(
            layout.tmpDir(),
            layout.queueDir(),
            layout.deadLetterDir(),
            layout.quarantineDir(),
            layout.stagingDir())) {
      Directories.ensure(d);
    }
    Files.write(
        layout.queueDir().resolve(id),
        SpoolFileFormat.encode(SpoolEntry.of(id, System.currentTimeMillis(), r)));
    return id;
  }

  private static void mkfifo(Path p) throws Exception {
    run("mkfifo", p.toString());
  }

  private static void run(String... command) throws Exception {
    Process proc = new ProcessBuilder(command).inheritIO().start();
    assertThat(proc.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(proc.exitValue()).isZero();
  }
}

package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

@Timeout(60)
class TelempostdProcessTest {
  static final String MAIN = "org.telemetrics.postd.Telempostd";
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  @Test
  void deliversStopsOnSigtermAndReportsItsStatus() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    String id = Fixtures.stage(layout, Fixtures.record(1));
    try (JavaProcess p = JavaProcess.start(MAIN, List.of(), root.env(), dir.resolve("out"))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 1);
      assertThat(backend.hits.get(0).recordId()).isEqualTo(id);
      Path status = root.config().path(org.telemetrics.config.ConfigKeys.POSTD_STATUS_FILE);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  Files.exists(status)
                      && StatusFile.read(status).getLong(DaemonStatus.DELIVERED).orElse(0) == 1);
      assertThat(StatusFile.read(status).get(DaemonStatus.LAST_DELIVERY_RECORD_ID)).contains(id);
      p.terminate();
      assertThat(p.waitFor(Duration.ofSeconds(15))).isZero();
      assertThat(StatusFile.read(status).get(DaemonStatus.STATE)).contains("stopped");
      assertThat(p.output()).contains("telempostd: started:").doesNotContain("Exception");
    }
  }

  @Test
  void sighupReopensTheUsageLogAndTheDaemonGoesOn() throws Exception {
    Path usageLog = dir.resolve("usage.log");
    Path rotated = dir.resolve("usage.log.1");
    TestRoot root = postd.root(dir).set("usage_log", usageLog.toString());
    Layout layout = root.layout();
    Fixtures.stage(layout, Fixtures.record(1));
    try (JavaProcess p = JavaProcess.start(MAIN, List.of(), root.env(), dir.resolve("out"))) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Files.exists(usageLog) && Files.readAllLines(usageLog).size() == 1);
      Files.move(usageLog, rotated);

      int kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> p.output().contains("SIGHUP: opening the usage log again"));
      Fixtures.stage(layout, Fixtures.record(2));

      assertThat(kill).isZero();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Files.exists(usageLog) && Files.readAllLines(usageLog).size() == 1);
      assertThat(Files.readAllLines(rotated)).hasSize(1);
      assertThat(p.process().isAlive()).isTrue();
      p.terminate();
      assertThat(p.waitFor(Duration.ofSeconds(15))).isZero();
    }
  }

  @Test
  void aUsageLogDirectoryNotThereYetIsWarnedAboutAndDeliveryGoesOn() throws Exception {
    TestBackend backend = postd.backend();
    Path logDir = dir.resolve("mounted-later");
    Path usageLog = logDir.resolve("usage.log");
    TestRoot root = postd.root(dir).set("usage_log", usageLog.toString());
    Layout layout = root.layout();
    Fixtures.stage(layout, Fixtures.record(1));
    try (JavaProcess p = JavaProcess.start(MAIN, List.of(), root.env(), dir.resolve("out"))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 1);
      assertThat(p.output())
          .contains(
              "telempostd: warning: usage_log: directory "
                  + logDir
                  + " does not exist; usage lines are dropped, and counted, until it does");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> p.output().contains("usage log " + usageLog + ": cannot write"));
      assertThat(p.output()).contains("1 lines dropped so far, delivery goes on");
      Files.createDirectory(logDir); // the file system is mounted
      Fixtures.stage(layout, Fixtures.record(2));

      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(usageLog));
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(usageLog).size() == 1);
      assertThat(p.process().isAlive()).isTrue();
      p.terminate();
      assertThat(p.waitFor(Duration.ofSeconds(15))).isZero();
    }
  }

  @Test
  void badConfigurationAndOptions() throws Exception {
    TestRoot root = TestRoot.create(dir).set("post_format", "xml");
    JavaProcess.Result r =
        JavaProcess.run(MAIN, List.of(), root.env(), dir.resolve("o1"), Duration.ofSeconds(20));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output()).contains("post_format").contains("telempostd: error: ");
    JavaProcess.Result help =
        JavaProcess.run(MAIN, List.of("-h"), root.env(), dir.resolve("o2"), Duration.ofSeconds(20));
    assertThat(help.exitCode()).isZero();
    assertThat(help.output()).contains("--config_file");
    JavaProcess.Result bad =
        JavaProcess.run(
            MAIN, List.of("--bogus"), root.env(), dir.resolve("o3"), Duration.ofSeconds(20));
    assertThat(bad.exitCode()).isEqualTo(2);
  }

  @Test
  void aSecondTelempostdOnTheSameSpoolRefusesToStartAndNoRecordIsSentTwice() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    Fixtures.stage(layout, Fixtures.record(1));
    try (JavaProcess first = JavaProcess.start(MAIN, List.of(), root.env(), dir.resolve("out1"))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 1);

      JavaProcess.Result second =
          JavaProcess.run(MAIN, List.of(), root.env(), dir.resolve("out2"), Duration.ofSeconds(20));
      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.output())
          .contains("telempostd: error: another telempostd is running on " + layout.spoolDir())
          .doesNotContain("started:");

      for (int i = 2; i <= 20; i++) {
        Fixtures.stage(layout, Fixtures.record(i));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 20);
      // settled, not only answered: a kill between a 2xx and its journal line sends the record
      // again, which is what at-least-once delivery does, not what this test is about
      await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.noRecordIn(layout.queueDir()));
      assertThat(first.process().isAlive()).isTrue();

      // the kernel drops the lock with its process: no stale lock after kill -9
      first.kill9();
      first.waitFor(Duration.ofSeconds(10));
    }
    Fixtures.stage(layout, Fixtures.record(21));
    try (JavaProcess third = JavaProcess.start(MAIN, List.of(), root.env(), dir.resolve("out3"))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 21);
      third.terminate();
      assertThat(third.waitFor(Duration.ofSeconds(15))).isZero();
    }
    assertThat(backend.hits.stream().map(TestBackend.Hit::recordId).distinct()).hasSize(21);
  }

  @Test
  void aSymlinkInPlaceOfTheLockIsNotFollowedAndTheDaemonStillStarts() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    Path elsewhere = dir.resolve("not-the-lock");
    Files.createDirectories(layout.spoolDir());
    Files.createSymbolicLink(layout.spoolDir().resolve(Telempostd.LOCK_FILE), elsewhere);
    Fixtures.stage(layout, Fixtures.record(1));
    try (JavaProcess p = JavaProcess.start(MAIN, List.of(), root.env(), dir.resolve("out"))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.hits.size() == 1);
      assertThat(p.output())
          .contains("telempostd: warning: cannot open " + layout.spoolDir())
          .contains("starting without the guard against a second telempostd");
      assertThat(elsewhere).doesNotExist();
      p.terminate();
      assertThat(p.waitFor(Duration.ofSeconds(15))).isZero();
    }
  }
}

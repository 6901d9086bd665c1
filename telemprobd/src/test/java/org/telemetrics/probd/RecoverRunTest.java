package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.daemon.InstanceLock;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.log.Log;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.testing.TestRoot;

/**
 * {@code telemprobd --recover} stages what a crash left in {@code tmp/}, and leaves it alone while
 * a daemon holds {@link TmpDirLock}: that daemon is appending to its segment there.
 */
@Timeout(60)
class RecoverRunTest {
  private static final String ID = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;
  private Layout layout;
  private Path segment;
  private final FakeTime time = new FakeTime(1_795_000_000_000L);
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log("telemprobd", new PrintStream(logged, true), Log.Level.DEBUG);

  @BeforeEach
  void aSegmentACrashLeft() throws Exception {
    layout = TestRoot.create(dir).layout();
    Files.createDirectories(layout.tmpDir());
    segment = layout.tmpDir().resolve(ID + GroupCommit.SUFFIX);
    Files.write(segment, TmpDirRecoveryTest.entry(ID, "p"));
  }

  private String logText() {
    return logged.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rootIsRefusedInASpoolAnotherUserOwnsAndTouchesNothing() throws Exception {
    var users = dir.getFileSystem().getUserPrincipalLookupService();
    Assumptions.assumeTrue(
        System.getProperty("user.name").equals("root"), "only root may give the spool away");
    Files.setOwner(layout.spoolDir(), users.lookupPrincipalByName("nobody"));

    assertThat(RecoverRun.run(layout, time.source(), log, "root")).isEqualTo(1);

    assertThat(segment).exists();
    assertThat(logText())
        .contains("not recovering as root in " + layout.spoolDir() + ", which nobody owns")
        .contains("runuser -u nobody -- telemprobd --recover");
    assertThat(RecoverRun.run(layout, time.source(), log, "nobody")).as("its owner").isZero();
    assertThat(segment).doesNotExist();
  }

  @Test
  void stagesTheSegmentsACrashLeftAndExitsZero() throws Exception {
    assertThat(RecoverRun.run(layout, time.source(), log, "telemetry")).isZero();

    assertThat(segment).doesNotExist();
    List<SpoolEntry> staged =
        SpoolFileFormat.decodeAll(Files.readAllBytes(layout.stagingDir().resolve(ID)), 0);
    assertThat(staged).extracting(SpoolEntry::recordId).containsExactly(ID);
    assertThat(logText()).contains("staged 1 acknowledged records");
  }

  @Test
  void leavesTmpAloneWhileADaemonHoldsTheLock() throws Exception {
    InstanceLock.Outcome daemon = TmpDirLock.take(layout);
    assertThat(daemon).isInstanceOf(InstanceLock.Held.class);
    try {
      assertThat(RecoverRun.run(layout, time.source(), log, "telemetry")).isZero();
      assertThat(segment).exists();
      assertThat(layout.stagingDir()).doesNotExist();
      assertThat(logText()).contains("telemprobd is running on", "it recovered");
    } finally {
      ((InstanceLock.Held) daemon).lock().close();
    }
    assertThat(RecoverRun.run(layout, time.source(), log, "telemetry")).isZero();
    assertThat(segment).doesNotExist();
  }

  @Test
  void withoutTmpThereIsNothingToDo() throws Exception {
    Files.delete(segment);
    Files.delete(layout.tmpDir());
    assertThat(RecoverRun.run(layout, time.source(), log, "telemetry")).isZero();
    assertThat(logText()).contains("nothing to recover");
  }

  @Test
  void aStartingDaemonWaitsForARecoveryRunToEnd() throws Exception {
    InstanceLock.Held recovery = (InstanceLock.Held) TmpDirLock.take(layout);
    // while the recovery run holds it, a bounded wait ends Busy
    assertThat(TmpDirLock.await(layout, 50, Ticker.system())).isInstanceOf(InstanceLock.Busy.class);
    CompletableFuture<InstanceLock.Outcome> daemon =
        CompletableFuture.supplyAsync(
            () -> TmpDirLock.await(layout, TmpDirLock.WAIT_MILLIS, Ticker.system()));
    recovery.lock().close();
    InstanceLock.Outcome taken = daemon.get();
    assertThat(taken).isInstanceOf(InstanceLock.Held.class);
    ((InstanceLock.Held) taken).lock().close();
  }

  @Test
  void aDaemonOwnsTmpForItsWholeLifeAndGivesItUpAtExit() throws Exception {
    StagingArea area = new StagingArea(layout, time.source(), log, nanos -> {});
    area.prepare();
    try {
      assertThat(Files.readAllBytes(layout.stagingDir().resolve(ID))).isNotEmpty();
      assertThat(TmpDirLock.take(layout)).isInstanceOf(InstanceLock.Busy.class);
    } finally {
      area.close();
    }
    InstanceLock.Outcome after = TmpDirLock.take(layout);
    assertThat(after).isInstanceOf(InstanceLock.Held.class);
    ((InstanceLock.Held) after).lock().close();
  }
}

package org.telemetrics.ctl.optin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.ctl.Ctl;
import org.telemetrics.ctl.Records;
import org.telemetrics.ctl.directories.WorkingDirectories;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

class OptInOutTest {
  @TempDir Path dir;
  @TempDir Path outside;

  @Test
  void optInCreatesMarkerMachineIdAndDirectories() throws IOException {
    Ctl ctl = new Ctl(dir.resolve("root"));
    ctl.root.optOut();
    Layout l = ctl.layout();
    Ctl.Run run = ctl.run("opt-in");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "Opted in to telemetry. Run 'telemctl start' to start the telemetry services.\n");
    assertThat(l.optInFile()).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(l.optInFile())))
        .isEqualTo("rw-r--r--");
    String id = Files.readString(l.machineIdFile());
    assertThat(id).matches("[0-9a-f]{32}");
    for (Path d : WorkingDirectories.of(l)) {
      assertThat(d).isDirectory();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(l.stagingDir())))
        .isEqualTo("rwxr-x---");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(l.machineIdFile().getParent())))
        .isEqualTo("rwxr-x---");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(l.machineIdFile())))
        .isEqualTo("rw-------");
    assertThat(ctl.systemctl.commands).isEmpty();

    Ctl.Run again = ctl.run("opt-in");
    assertThat(again.exitCode()).isZero();
    assertThat(again.err()).isEqualTo("Already opted in. Nothing to do.\n");
    assertThat(Files.readString(l.machineIdFile())).isEqualTo(id);

    ctl.root.optOut();
    assertThat(ctl.run("opt-in").exitCode()).isZero();
    assertThat(Files.readString(l.machineIdFile())).matches("[0-9a-f]{32}").isNotEqualTo(id);
  }

  @Test
  void optInDoesNotFollowALinkPlantedAsTheMarker() throws IOException {
    Ctl ctl = new Ctl(dir.resolve("root"));
    ctl.root.optOut();
    Path victim = outside.resolve("victim");
    Files.createSymbolicLink(ctl.layout().optInFile(), victim);
    Ctl.Run run = ctl.run("opt-in");
    assertThat(run.err()).isEqualTo("Already opted in. Nothing to do.\n");
    assertThat(victim).doesNotExist();
  }

  @Test
  void optInAndOutNeedRootUnlessEveryPathIsUnderAPrivateRoot() {
    Ctl ctl = new Ctl(dir.resolve("root"));
    ctl.uid = 1000;
    ctl.root.optOut();
    assertThat(ctl.run("opt-in").exitCode()).isZero();

    ctl.root.set("journal_file", outside.resolve("journal").toString());
    ctl.root.optOut();
    Ctl.Run refused = ctl.run("opt-in");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("Must be root to run this command. Exiting...\n");
    assertThat(ctl.layout().optInFile()).doesNotExist();
    ctl.root.optIn();
    assertThat(ctl.run("opt-out").err())
        .isEqualTo("Must be root to run this command. Exiting...\n");
    assertThat(ctl.layout().optInFile()).exists();
  }

  @Test
  void optOutDeletesWhatTheClientKeepsAndNothingElse() throws IOException {
    Ctl ctl = new Ctl(dir.resolve("root"));
    Layout l = ctl.layout();
    ctl.root.optOut();
    ctl.run("opt-in");
    Files.writeString(l.stagingDir().resolve("0123456789abcdef0123456789abcdef"), "r1");
    Files.writeString(l.queueDir().resolve("1123456789abcdef0123456789abcdef"), "r2");
    Files.createDirectories(l.deadLetterDir().resolve("nested"));
    Files.writeString(l.deadLetterDir().resolve("nested/x"), "r3");
    Files.writeString(l.spoolDir().resolve("aB3xYz"), "C staged file");
    Files.writeString(l.spoolDir().resolve("admin-notes.txt"), "not ours");
    Files.createDirectories(l.spoolDir().resolve("backup"));
    Files.writeString(l.spoolDir().resolve("backup/keep"), "a directory with a C-like name");
    Files.writeString(l.journalFile(), "journal\n");
    Files.writeString(l.retentionDir().resolve("2123456789abcdef0123456789abcdef"), "copy");
    Files.writeString(l.retentionDir().resolve("README"), "not ours");
    Path status = ctl.root.config().path(ConfigKeys.POSTD_STATUS_FILE);
    Files.writeString(status, "pid=1\n"); // damaged: no counts to keep

    Ctl.Run run = ctl.run("opt-out");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("Not removing \"" + l.spoolDir().resolve("backup") + "\": it is a directory\n");
    assertThat(l.spoolDir().resolve("backup/keep")).exists();
    assertThat(run.out()).isEqualTo("Opted out of telemetry; removed 8 files of telemetry data.\n");
    assertThat(l.optInFile()).doesNotExist();
    assertThat(l.stagingDir()).doesNotExist();
    assertThat(l.queueDir()).doesNotExist();
    assertThat(l.deadLetterDir()).doesNotExist();
    assertThat(l.spoolDir().resolve("aB3xYz")).doesNotExist();
    assertThat(l.spoolDir().resolve("admin-notes.txt")).hasContent("not ours");
    assertThat(l.journalFile()).doesNotExist();
    assertThat(l.machineIdFile()).doesNotExist();
    assertThat(status).doesNotExist();
    assertThat(l.retentionDir().resolve("README")).hasContent("not ours");
    assertThat(l.retentionDir()).isDirectory();
    // a private root has no system units to stop
    assertThat(ctl.systemctl.commands).isEmpty();

    Ctl.Run again = ctl.run("opt-out");
    assertThat(again.exitCode()).isZero();
    assertThat(again.err()).isEqualTo("Already opted out. Nothing to do.\n");
  }

  @Test
  void optOutKeepsTheDaemonsCounterTotalsSoMetricsNeverGoDown() throws IOException {
    Ctl ctl = new Ctl(dir.resolve("root"));
    ctl.root.optOut();
    ctl.run("opt-in");
    Path postd = ctl.root.config().path(ConfigKeys.POSTD_STATUS_FILE);
    Path probd = ctl.root.config().path(ConfigKeys.PROBD_STATUS_FILE);
    Files.createDirectories(probd.getParent());
    StatusFile.write(
        postd,
        DaemonStatus.empty()
            .with(DaemonStatus.UPDATED_MS, 1_780_000_000_000L)
            .with(DaemonStatus.LAST_DELIVERY_RECORD_ID, "0123456789abcdef0123456789abcdef")
            .with(DaemonStatus.LAST_ERROR, "server said 400")
            .with("queued", 3)
            .with("totals_since_ms", 1_770_000_000_000L)
            .with("delivered_total", 41)
            .with("delivery_seconds_b3_total", 7));
    DaemonStatus probdStatus =
        DaemonStatus.empty()
            .with("pid", 12)
            .with("totals_since_ms", 1_770_000_000_000L)
            .with("accepted_total", 50);
    StatusFile.write(probd, probdStatus);

    Ctl.Run run = ctl.run("opt-out");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(StatusFile.read(postd).values())
        .containsExactly(
            Map.entry("totals_since_ms", "1770000000000"),
            Map.entry("delivered_total", "41"),
            Map.entry("delivery_seconds_b3_total", "7"));
    assertThat(StatusFile.read(probd)).isEqualTo(probdStatus);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(postd)))
        .isEqualTo("rw-r-----");
  }

  @Test
  void optOutAlsoDeletesWhatTelempostdMovedAsideAsDamaged() throws IOException {
    Ctl ctl = new Ctl(dir.resolve("root"));
    Layout l = ctl.layout();
    ctl.root.optOut();
    ctl.run("opt-in");
    String stamp = ".damaged-20261204T183106Z";
    Path journalAside = l.journalFile().resolveSibling("journal" + stamp);
    Files.writeString(journalAside, "old journal\n");
    Files.writeString(l.journalFile().resolveSibling("journal" + stamp + ".reason"), "why\n");
    Path retentionAside = l.retentionDir().resolveSibling(l.retentionDir().getFileName() + stamp);
    Files.createDirectories(retentionAside);
    Files.writeString(retentionAside.resolve("2123456789abcdef0123456789abcdef"), "copy");
    Path copyAside = l.retentionDir().resolve("3123456789abcdef0123456789abcdef" + stamp);
    Files.createDirectories(copyAside.resolve("inside"));
    Path status = ctl.root.config().path(ConfigKeys.POSTD_STATUS_FILE);
    Files.createDirectories(status.resolveSibling(status.getFileName() + stamp));
    Path other = Files.writeString(l.journalFile().resolveSibling("journalnotes" + stamp), "x");

    Ctl.Run run = ctl.run("opt-out");
    assertThat(run.err()).isEmpty();
    assertThat(journalAside).doesNotExist();
    assertThat(journalAside.resolveSibling("journal" + stamp + ".reason")).doesNotExist();
    assertThat(retentionAside).doesNotExist();
    assertThat(copyAside).doesNotExist();
    assertThat(status.resolveSibling(status.getFileName() + stamp)).doesNotExist();
    assertThat(other).hasContent("x");
  }

  @Test
  void optOutNeverFollowsSymbolicLinksPlantedInWorkingDirectories() throws IOException {
    Ctl ctl = new Ctl(dir.resolve("root"));
    Layout l = ctl.layout();
    ctl.root.optOut();
    ctl.run("opt-in");
    Path precious = Files.createDirectories(outside.resolve("precious"));
    Files.writeString(precious.resolve("data"), "keep me");
    Files.writeString(outside.resolve("file"), "keep me too");
    // a link to a directory inside a working directory, and one to a file
    Files.createSymbolicLink(l.stagingDir().resolve("0123456789abcdef0123456789abcdef"), precious);
    Files.createSymbolicLink(l.queueDir().resolve("evil"), outside.resolve("file"));
    // a whole working directory replaced by a link
    Files.delete(l.deadLetterDir());
    Files.createSymbolicLink(l.deadLetterDir(), precious);
    // the journal and the machine id as links
    Files.createSymbolicLink(l.journalFile(), outside.resolve("file"));
    Files.delete(l.machineIdFile());
    Files.createSymbolicLink(l.machineIdFile(), outside.resolve("file"));
    // retained copies: a link named like a record id, pointing to a directory
    Files.createSymbolicLink(
        l.retentionDir().resolve("2123456789abcdef0123456789abcdef"), precious);

    Ctl.Run run = ctl.run("opt-out");
    assertThat(run.exitCode()).as(run.err()).isZero();

    assertThat(precious.resolve("data")).hasContent("keep me");
    assertThat(outside.resolve("file")).hasContent("keep me too");
    try (var s = Files.list(precious)) {
      assertThat(s).hasSize(1);
    }
    for (Path gone :
        new Path[] {
          l.stagingDir(),
          l.queueDir(),
          l.deadLetterDir(),
          l.journalFile(),
          l.machineIdFile(),
          l.retentionDir().resolve("2123456789abcdef0123456789abcdef")
        }) {
      assertThat(Files.exists(gone, LinkOption.NOFOLLOW_LINKS)).as(gone.toString()).isFalse();
    }
  }

  @Test
  void optOutDoesNotDescendIntoALinkedSpoolDirectory() throws IOException {
    Ctl ctl = new Ctl(dir.resolve("root"));
    Layout l = ctl.layout();
    Path precious = Files.createDirectories(outside.resolve("spool"));
    Files.createDirectories(precious.resolve("staging"));
    Files.writeString(precious.resolve("staging/x"), "keep");
    Files.createDirectories(l.spoolDir().getParent());
    Files.createSymbolicLink(l.spoolDir(), precious);

    Ctl.Run run = ctl.run("opt-out");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("Not removing \"" + l.spoolDir() + "\": it is a symbolic link");
    assertThat(precious.resolve("staging/x")).hasContent("keep");
    assertThat(l.optInFile()).doesNotExist();
  }

  @Test
  void optOutLeavesDirectoriesOfOtherOwnersAlone() throws Exception {
    UserPrincipal nobody;
    try {
      nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    } catch (IOException e) {
      nobody = null;
    }
    Assumptions.assumeTrue(
        nobody != null && "root".equals(System.getProperty("user.name")),
        "needs root and a user nobody to give a directory away");
    Ctl ctl = new Ctl(dir.resolve("root"));
    Layout l = ctl.layout();
    Path record =
        Records.spoolFile(l.stagingDir(), "0123456789abcdef0123456789abcdef", "a/b/c", "x");
    Files.setOwner(l.spoolDir(), nobody);
    Path logDir = Files.createDirectories(l.journalFile().getParent());
    Files.writeString(l.journalFile(), "");
    Files.setOwner(logDir, nobody);
    Ctl.Run run = ctl.run("opt-out");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .as("each directory once, though several of its files are to go")
        .isEqualTo(
            "Not removing \""
                + l.spoolDir()
                + "\": Incorrect folder owner \"nobody\"\n"
                + "Not removing \""
                + logDir
                + "\": Incorrect folder owner \"nobody\"\n");
    assertThat(record).exists();
    assertThat(l.journalFile()).exists();
  }

  @Test
  void optOutOnTheRealRootStopsTheUnitsFirst() throws Exception {
    Ctl ctl = new Ctl(dir.resolve("root"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new OptOut(ctl.context(), new PrintWriter(out, true), new PrintWriter(err, true))
            .run(ctl.root.config(), true);
    assertThat(code).isZero();
    assertThat(ctl.systemctl.commands)
        .containsExactly(
            "systemctl stop hprobe.timer", "systemctl stop telemprobd.socket",
            "systemctl stop telempostd.path", "systemctl stop hprobe.service",
            "systemctl stop telemprobd.service", "systemctl stop telempostd.service",
            "systemctl stop klogscanner.service", "systemctl stop pstoreprobe.service",
            "systemctl stop journalprobe.service", "systemctl stop crashprobe-coredump.service");
    assertThat(ctl.layout().optInFile()).doesNotExist();
    assertThat(err.toString()).isEmpty();
  }
}

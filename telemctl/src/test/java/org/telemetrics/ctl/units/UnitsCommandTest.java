package org.telemetrics.ctl.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.ctl.Ctl;

class UnitsCommandTest {
  @TempDir Path dir;

  @Test
  void theDefaultPathsNeedNoDropIn() throws Exception {
    Ctl ctl = new Ctl(dir);
    Ctl.Run run = ctl.run("units");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo("# none: " + ctl.root.configFile() + " keeps the paths the units name\n");
    Path out = dir.resolve("generated");
    assertThat(ctl.run("units", "--output", out.toString()).exitCode()).isZero();
    assertThat(out).doesNotExist();
  }

  @Test
  void aMovedSocketAndSpoolAreFollowed() {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("socket_path", "/run/probes/telem.sock");
    ctl.root.set("spool_dir", "/srv/telemetry/spool/");
    Ctl.Run run = ctl.run("units");
    assertThat(run.exitCode()).isZero();
    String head = "# Made by \"telemctl units\" from " + ctl.root.configFile() + ".\n";
    assertThat(run.out())
        .isEqualTo(
            "# telemprobd.socket.d/50-telemetrics-conf.conf\n"
                + head
                + "[Socket]\nListenStream=\nListenStream=/run/probes/telem.sock\n"
                + "# telempostd.path.d/50-telemetrics-conf.conf\n"
                + head
                + "[Path]\nDirectoryNotEmpty=\n"
                + "DirectoryNotEmpty=/srv/telemetry/spool/staging\n"
                + "DirectoryNotEmpty=/srv/telemetry/spool/queue\n"
                + "# telemprobd.service.d/50-telemetrics-conf.conf\n"
                + head
                + "[Service]\nWorkingDirectory=-/srv/telemetry/spool\n"
                + "ReadWritePaths=-/srv/telemetry/spool\n"
                + "# telemprobd-recover.service.d/50-telemetrics-conf.conf\n"
                + head
                + "[Unit]\nConditionPathExists=\n"
                + "ConditionPathExists="
                + dir.resolve("etc/telemetrics/opt-in")
                + "\nConditionDirectoryNotEmpty=/srv/telemetry/spool/tmp\n"
                + "[Service]\nWorkingDirectory=-/srv/telemetry/spool\n"
                + "ReadWritePaths=-/srv/telemetry/spool\n"
                + "# telempostd.service.d/50-telemetrics-conf.conf\n"
                + head
                + "[Service]\nWorkingDirectory=-/srv/telemetry/spool\n"
                + "ReadWritePaths=-/srv/telemetry/spool\n"
                + "# telemetrics-dirs.service.d/50-telemetrics-conf.conf\n"
                + head
                + "[Service]\n"
                + made("/srv/telemetry/spool")
                + made("/srv/telemetry/spool/tmp")
                + made("/srv/telemetry/spool/staging")
                + made("/srv/telemetry/spool/queue")
                + made("/srv/telemetry/spool/dead-letter")
                + made("/srv/telemetry/spool/quarantine")
                + "ExecStart=systemd-tmpfiles --create -\n");
  }

  /** The line that makes {@code dir} where it is missing, leaving an existing one as it is. */
  private static String made(String dir) {
    return "StandardInputText=d " + dir + " :0750 :telemetry :telemetry -\n";
  }

  @Test
  void eachServiceMayWriteWhereItsFilesMoved() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("journal_file", "/srv/log/journal");
    ctl.root.set("record_retention_dir", "/srv/log/records"); // below the journal's: one line
    Path usage = Files.createDirectory(dir.resolve("usage")); // the configuration wants it there
    ctl.root.set("usage_log", usage.resolve("usage.log").toString());
    ctl.root.set("usage_db", "");
    ctl.root.set("host_info_file", "/run/hostinfo/host-info");
    ctl.root.set("machine_id_file", dir.resolve("var/lib/telemetry/id/machine").toString());
    Ctl.Run run = ctl.run("units");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "# telemprobd.service.d/50-telemetrics-conf.conf\n",
            "[Service]\nReadWritePaths=-/run/hostinfo\n# telempostd.service.d/")
        .contains(
            "# telempostd.service.d/50-telemetrics-conf.conf\n",
            "[Service]\nReadWritePaths=-/srv/log\nReadWritePaths=-" + usage + "\n")
        // the machine id stays below a packaged directory; nothing else moved
        .doesNotContain("machine", "telemprobd.socket", "telempostd.path", "WorkingDirectory");
    assertThat(run.out().lines().filter(l -> l.startsWith("# telemprobd-recover")).count())
        .isZero();
  }

  @Test
  void eachProbeMayWriteWhereItsStateMoved() {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("klogscanner_state_file", "/srv/state/klog/state");
    ctl.root.set("journalprobe_cursor_file", "/srv/state/journal/cursor");
    ctl.root.set("crash_coredump_cursor_file", "/srv/state/crash/cursor");
    ctl.root.set("crash_state_dir", "/srv/state/crash"); // the cursor's directory: one line
    ctl.root.set("crash_core_dir", "/srv/cores"); // cores are not kept: not written
    Ctl.Run run = ctl.run("units");
    assertThat(run.exitCode()).isZero();
    String head = "# Made by \"telemctl units\" from " + ctl.root.configFile() + ".\n";
    assertThat(run.out())
        .isEqualTo(
            "# klogscanner.service.d/50-telemetrics-conf.conf\n"
                + head
                + "[Service]\nReadWritePaths=-/srv/state/klog\n"
                + "# journalprobe.service.d/50-telemetrics-conf.conf\n"
                + head
                + "[Service]\nReadWritePaths=-/srv/state/journal\n"
                + "# crashprobe-coredump.service.d/50-telemetrics-conf.conf\n"
                + head
                + "[Service]\nReadWritePaths=-/srv/state/crash\n"
                + "# telemetrics-dirs.service.d/50-telemetrics-conf.conf\n"
                + head
                + "[Service]\n"
                + made("/srv/state/klog")
                + made("/srv/state/journal")
                + made("/srv/state/crash")
                + "ExecStart=systemd-tmpfiles --create -\n");

    ctl.root.set("crash_core_keep", "true");
    assertThat(ctl.run("units").out())
        .contains("[Service]\nReadWritePaths=-/srv/state/crash\nReadWritePaths=-/srv/cores\n")
        .contains(made("/srv/state/crash") + made("/srv/cores"));
  }

  @Test
  void aMovedOptInMarkerIsWhatEveryUnitWaitsFor() {
    Ctl ctl = new Ctl(dir);
    String packagedSpool = dir.resolve("var/spool/telemetry").toString();
    ctl.root.set("opt_in_file", "/srv/telemetry/opted-in");
    Ctl.Run run = ctl.run("units");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String unit = "[Unit]\nConditionPathExists=\nConditionPathExists=/srv/telemetry/opted-in\n";
    assertThat(run.out())
        .contains(
            "# telemprobd.socket.d/50-telemetrics-conf.conf\n",
            "# hprobe.timer.d/50-telemetrics-conf.conf\n",
            "# journalprobe.service.d/50-telemetrics-conf.conf\n",
            unit + "# telempostd.path.d/",
            unit + "ConditionDirectoryNotEmpty=" + packagedSpool + "/tmp\n",
            unit + "ConditionPathExists=/usr/lib/systemd/systemd-coredump\n",
            unit + "ConditionDirectoryNotEmpty=/sys/fs/pstore\n")
        .doesNotContain("klogscanner", "[Service]", "[Socket]");
    assertThat(run.out().lines().filter(l -> l.startsWith("# ") && l.endsWith(".conf")).count())
        .isEqualTo(10);
  }

  @Test
  void aUsageLogOnAFileSystemNotMountedYetIsFollowed() {
    // at boot the generator runs before the file systems of /etc/fstab are mounted
    Ctl ctl = new Ctl(dir);
    ctl.root.set("usage_log", "/srv/not-mounted-yet/usage.log");
    Ctl.Run run = ctl.run("units");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "# telempostd.service.d/50-telemetrics-conf.conf\n"
                + "# Made by \"telemctl units\" from "
                + ctl.root.configFile()
                + ".\n[Service]\nReadWritePaths=-/srv/not-mounted-yet\n")
        .endsWith(
            "[Service]\n"
                + made("/srv/not-mounted-yet")
                + "ExecStart=systemd-tmpfiles --create -\n");
  }

  @Test
  void outputWritesEachDropInReadableByAll() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("socket_path", "/run/other-telem");
    Path out = dir.resolve("generator");
    Ctl.Run run = ctl.run("units", "--output", out.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    Path file = out.resolve("telemprobd.socket.d/50-telemetrics-conf.conf");
    assertThat(file)
        .hasContent(
            "# Made by \"telemctl units\" from "
                + ctl.root.configFile()
                + ".\n[Socket]\nListenStream=\nListenStream=/run/other-telem\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
    try (var entries = Files.list(out)) {
      assertThat(entries).containsExactly(out.resolve("telemprobd.socket.d"));
    }
  }

  @Test
  void aPathAUnitCannotHoldIsRefusedAndNothingIsWritten() {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("socket_path", "/run/other-telem");
    ctl.root.set("spool_dir", "/srv/my spool");
    Path out = dir.resolve("generator");
    Ctl.Run run = ctl.run("units", "--output", out.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "telemctl: spool_dir=/srv/my spool cannot go into a systemd unit as it is (only"
                + " letters, digits and / . _ + : @ - are taken); the units keep their packaged"
                + " paths\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void aBadConfigurationIsNamed() throws Exception {
    Ctl ctl = new Ctl(dir);
    Files.writeString(ctl.root.configFile(), "[settings]\nspool_dir=relative\n");
    Ctl.Run run = ctl.run("units");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("telemctl: " + ctl.root.configFile() + ":2: spool_dir");
  }
}

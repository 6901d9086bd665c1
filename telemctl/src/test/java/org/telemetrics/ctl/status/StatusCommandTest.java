package org.telemetrics.ctl.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.ctl.Ctl;
import org.telemetrics.ctl.Records;
import org.telemetrics.ctl.systemd.Systemctl;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

class StatusCommandTest {
  static final String SHOW = "show --property=LoadState,ActiveState,SubState ";

  @TempDir Path dir;

  static Systemctl.Result shown(String active, String sub) {
    return new Systemctl.Result(
        0, "LoadState=loaded\nActiveState=" + active + "\nSubState=" + sub + "\n", "");
  }

  @Test
  void showsOptInUnitsCountsQuotaAndTelempostdStatus() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.uid = 1000;
    ctl.root.set("spool_max_size", "10");
    Layout l = ctl.layout();
    long staged =
        Files.size(
            Records.spoolFile(
                l.stagingDir(), "0123456789abcdef0123456789abcdef", "a/b/c", "x".repeat(100)));
    long queued =
        Files.size(
                Records.spoolFile(
                    l.queueDir(), "1123456789abcdef0123456789abcdef", "a/b/c", "y".repeat(2000)))
            + Files.size(
                Files.move(
                    Records.append(
                        Records.spoolFile(
                            l.queueDir(), "2123456789abcdef0123456789abcdef", "a/b/c", ""),
                        "5123456789abcdef0123456789abcdef",
                        "a/b/c",
                        "committed with the one before"),
                    l.queueDir().resolve("2123456789abcdef0123456789abcdef.batch")));
    Records.spoolFile(l.deadLetterDir(), "3123456789abcdef0123456789abcdef", "a/b/c", "");
    Files.writeString(l.queueDir().resolve(".partial.tmp"), "ignored");
    Files.writeString(l.queueDir().resolve("1123456789abcdef0123456789abcdef.retry"), "ignored");
    Files.writeString(l.deadLetterDir().resolve("3123456789abcdef0123456789abcdef.reason"), "n");
    Files.createSymbolicLink(
        l.queueDir().resolve("4123456789abcdef0123456789abcdef"),
        l.stagingDir().resolve("0123456789abcdef0123456789abcdef"));
    Files.writeString(l.spoolDir().resolve("Ab12Cd"), "C file");
    Files.createDirectories(l.quarantineDir());
    Files.createDirectories(ctl.root.config().path(ConfigKeys.POSTD_STATUS_FILE).getParent());
    StatusFile.write(
        ctl.root.config().path(ConfigKeys.POSTD_STATUS_FILE),
        DaemonStatus.empty()
            .with(DaemonStatus.UPDATED_MS, 1795348200000L)
            .with(DaemonStatus.STATE, "idle")
            .with(DaemonStatus.LAST_DELIVERY_MS, 1795348100000L)
            .with(DaemonStatus.LAST_DELIVERY_RECORD_ID, "1123456789abcdef0123456789abcdef")
            .with(DaemonStatus.LAST_ERROR_MS, 1795348150000L)
            .with(DaemonStatus.LAST_ERROR, "HTTP 503 from http://127.0.0.1:9/")
            .with(DaemonStatus.DELIVERED, 12)
            .with(DaemonStatus.DEAD_LETTERED, 1));
    ctl.root.set("server", "https://user:secret@telemetry.example:8443/v2/collect?key=k");
    Path corePattern = ctl.root.dir().resolve("proc/sys/kernel/core_pattern");
    Files.createDirectories(corePattern.getParent());
    Files.writeString(corePattern, "|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h\n");
    ctl.systemctl.answer(SHOW + "telemprobd.socket", shown("active", "listening"));
    ctl.systemctl.answer(SHOW + "telemprobd.service", shown("inactive", "dead"));
    ctl.systemctl.answer(SHOW + "telempostd.path", shown("inactive", "dead"));
    ctl.systemctl.answer(
        "show --property=StatusText --value telemprobd.service",
        new Systemctl.Result(0, "3 records accepted, 0 rejected, 0 connections open\n", ""));
    ctl.systemctl.answer(SHOW + "klogscanner.service", shown("active", "running"));
    ctl.systemctl.answer(SHOW + "pstoreprobe.service", shown("inactive", "dead"));

    Ctl.Run run = ctl.run("status");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(ctl.systemctl.commands)
        .containsExactly(
            "systemctl " + SHOW + "telemprobd.socket",
            "systemctl " + SHOW + "telemprobd.service",
            "systemctl " + SHOW + "telempostd.path",
            "systemctl " + SHOW + "telempostd.service",
            "systemctl " + SHOW + "telemprobd-recover.service",
            "systemctl " + SHOW + "telemetrics-metrics.service",
            "systemctl " + SHOW + "klogscanner.service",
            "systemctl " + SHOW + "pstoreprobe.service",
            "systemctl is-enabled pstoreprobe.service",
            "systemctl " + SHOW + "journalprobe.service",
            "systemctl " + SHOW + "crashprobe-coredump.service",
            "systemctl show --property=StatusText --value telemprobd.service",
            "systemctl show --property=StatusText --value telempostd.service",
            "systemctl show --property=StatusText --value telemprobd-recover.service",
            "systemctl show --property=StatusText --value telemetrics-metrics.service",
            "systemctl show --property=StatusText --value klogscanner.service",
            "systemctl show --property=StatusText --value pstoreprobe.service",
            "systemctl show --property=StatusText --value journalprobe.service",
            "systemctl show --property=StatusText --value crashprobe-coredump.service");
    long used = staged + queued + 6;
    assertThat(run.out())
        .isEqualTo(
            "Opt-in:             opted in ("
                + l.optInFile()
                + ")\n"
                + "Server:             https://telemetry.example:8443/v2/collect\n"
                + "telemprobd.socket:  active (listening)\n"
                + "telemprobd.service: inactive (starts on the first connection)\n"
                + "telempostd.path:    inactive (dead)\n"
                + "telempostd.service: unknown\n"
                + "telemprobd-recover.service: unknown\n"
                + "telemetrics-metrics.service: unknown\n"
                + "klogscanner.service: active (running)\n"
                + "pstoreprobe.service: inactive (not enabled)\n"
                + "journalprobe.service: unknown\n"
                + "crashprobe-coredump.service: unknown\n"
                + "telemprobd.service says: 3 records accepted, 0 rejected, 0 connections open\n"
                + "Core dumps:         systemd-coredump: "
                + "|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h\n"
                + "Crash source:       core_pattern, not in effect (kernel.core_pattern runs "
                + "systemd-coredump, not crashprobe; set crash_source=systemd-coredump to take "
                + "crashes from it)\n"
                + "Staged:             1 record, "
                + DirectoryUsage.size(staged)
                + " (+ 1 record, 6 B left by the C client)\n"
                + "Queued:             3 records, "
                + DirectoryUsage.size(queued)
                + "\n"
                + "Dead letters:       1 record, "
                + DirectoryUsage.size(
                    Files.size(l.deadLetterDir().resolve("3123456789abcdef0123456789abcdef")))
                + "\n"
                + "Quarantined:        0 records, 0 B\n"
                + "Spool quota:        "
                + DirectoryUsage.size(used)
                + " of 10 KiB ("
                + used * 100 / 10240
                + "%)\n"
                + "Last delivery:      2026-11-22 11:48:20 UTC, record 1123456789abcdef0123456789abcdef\n"
                + "Last error:         2026-11-22 11:49:10 UTC: HTTP 503 from http://127.0.0.1:9/\n"
                + "telempostd:         idle, updated 2026-11-22 11:50:00 UTC; delivered 12, "
                + "dead lettered 1\n");
  }

  @Test
  void withoutDaemonsOrSystemdItStillSaysWhatItKnows() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.root.optOut();
    ctl.systemctl.running = false;
    Layout l = ctl.layout();
    Files.createDirectories(l.journalFile().getParent());
    Files.writeString(
        l.journalFile(),
        JournalFormat.format(
            new JournalEntry(
                "e1c7c2b88dce3f9b49ffb1d555447e7e",
                1795348131L,
                "a/b/c",
                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                "boot",
                Optional.of("delivered"))));
    Ctl.Run run = ctl.run("status");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Opt-in:             opted out (")
        .contains("Server:             none configured (records stay in the spool)\n")
        .contains("Units:              unknown: systemd is not running\n")
        .contains("Core dumps:         unknown\n")
        .contains(
            "Crash source:       core_pattern, unknown whether in effect "
                + "(kernel.core_pattern cannot be read)\n")
        .contains(
            "Note:               cannot read "
                + ctl.root.dir().resolve("proc/sys/kernel/core_pattern")
                + ": no such file\n")
        .contains("Staged:             0 records, 0 B\n")
        .contains("Spool quota:        0 B of 5120 KiB (0%)\n")
        .contains(
            "Last delivery:      2026-11-22 11:48:51 UTC, record "
                + "e1c7c2b88dce3f9b49ffb1d555447e7e (from the journal)\n")
        .contains("Last error:         none recorded\n")
        .contains("telempostd:         no status file yet (");
    assertThat(ctl.systemctl.commands).isEmpty();

    Ctl.Run json = ctl.run("status", "--json");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out())
        .isEqualTo(
            "{\"opted_in\":false,\"opt_in_file\":\""
                + l.optInFile()
                + "\",\"server\":{\"configured\":false,\"url\":null,\"delivery_enabled\":true},"
                + "\"units\":null,\"core_dumps\":null,\"crash_source\":{\"source\":\"core_pattern\","
                + "\"in_effect\":null,\"reason\":\"kernel.core_pattern cannot be read\"},"
                + "\"status_texts\":{},"
                + "\"staged\":{\"records\":0,\"bytes\":0},"
                + "\"c_staged\":{\"records\":0,\"bytes\":0},\"queued\":{\"records\":0,\"bytes\":0},"
                + "\"dead_letters\":{\"records\":0,\"bytes\":0},"
                + "\"quarantined\":{\"records\":0,\"bytes\":0},"
                + "\"spool_quota\":{\"used_bytes\":0,\"limit_kib\":5120},"
                + "\"last_delivery\":{\"time_ms\":1795348131000,"
                + "\"record_id\":\"e1c7c2b88dce3f9b49ffb1d555447e7e\",\"source\":\"journal\"},"
                + "\"last_error\":null,\"status_file\":\""
                + ctl.root.config().path(ConfigKeys.POSTD_STATUS_FILE)
                + "\",\"telempostd\":null,\"programs\":{},\"notes\":[\"cannot read "
                + ctl.root.dir().resolve("proc/sys/kernel/core_pattern")
                + ": no such file\"]}\n");
  }

  @Test
  @org.junit.jupiter.api.Timeout(
      value = 60,
      threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoInPlaceOfTheJournalIsNotOpened() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.systemctl.running = false;
    Layout l = ctl.layout();
    Files.createDirectories(l.journalFile().getParent());
    Process mkfifo = new ProcessBuilder("mkfifo", l.journalFile().toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();

    Ctl.Run run = ctl.run("status");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Last delivery:      none recorded\n");
  }

  @Test
  void jsonCarriesUnitsAndTheStatusFile() throws Exception {
    Ctl ctl = new Ctl(dir);
    Path statusFile = ctl.root.config().path(ConfigKeys.POSTD_STATUS_FILE);
    Files.createDirectories(statusFile.getParent());
    StatusFile.write(
        statusFile,
        DaemonStatus.empty()
            .with(DaemonStatus.STATE, "running")
            .with(DaemonStatus.LAST_ERROR, "connect timed out")
            .with(DaemonStatus.DELIVERED, 3)
            .with(DaemonStatus.UPDATED_MS, 1795348200000L)
            .with(DaemonStatus.PID, 42)
            .with(DaemonStatus.LAST_DELIVERY_RECORD_ID, "12345"));
    ctl.root.set("server", "http://127.0.0.1:8080/");
    ctl.root.set("record_server_delivery_enabled", "false");
    Path corePattern = ctl.root.dir().resolve("proc/sys/kernel/core_pattern");
    Files.createDirectories(corePattern.getParent());
    Files.writeString(corePattern, "|/usr/bin/crashprobe -p %e -E %E -s %s\n");
    ctl.systemctl.answer(SHOW + "telempostd.path", shown("active", "waiting"));
    ctl.systemctl.answer(SHOW + "telempostd.service", shown("inactive", "dead"));
    ctl.systemctl.answer(SHOW + "klogscanner.service", shown("inactive", "dead"));
    String json = ctl.run("status", "--json").out();
    assertThat(json)
        .contains(
            "\"server\":{\"configured\":true,"
                + "\"url\":\"http://127.0.0.1:8080/\",\"delivery_enabled\":false}")
        .contains(
            "\"telempostd.path\":{\"active_state\":\"active\",\"sub_state\":\"waiting\","
                + "\"load_state\":\"loaded\",\"text\":\"active (waiting)\"},"
                + "\"telempostd.service\":{\"active_state\":\"inactive\",\"sub_state\":\"dead\","
                + "\"load_state\":\"loaded\",\"text\":\"inactive (starts when records arrive)\"},")
        .contains(
            "\"klogscanner.service\":{\"active_state\":\"inactive\",\"sub_state\":\"dead\","
                + "\"load_state\":\"loaded\",\"text\":\"inactive (not enabled)\"}")
        .contains(
            "\"core_dumps\":{\"owner\":\"crashprobe\","
                + "\"core_pattern\":\"|/usr/bin/crashprobe -p %e -E %E -s %s\"}")
        .contains("\"last_error\":{\"time_ms\":null,\"message\":\"connect timed out\"}")
        .contains("\"state\":\"running\"")
        .contains("\"last_error\":\"connect timed out\"")
        .contains("\"delivered\":3")
        .contains("\"updated_ms\":1795348200000")
        .contains("\"pid\":42")
        .contains("\"last_delivery_record_id\":\"12345\"")
        .contains("\"notes\":[]");
  }

  @Test
  void aRecordSplitOutOfABatchWithARetryNoteIsQueuedOnce() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.systemctl.running = false;
    Path queue = ctl.layout().queueDir();
    String a = "a123456789abcdef0123456789abcdef";
    String b = "b123456789abcdef0123456789abcdef";
    Path batch =
        Files.move(
            Records.append(Records.spoolFile(queue, a, "a/b/c", "1"), b, "a/b/c", "2"),
            queue.resolve(a + ".batch"));
    Records.spoolFile(queue, b, "a/b/c", "2");
    Files.writeString(queue.resolve(b + ".retry"), "attempts=1\n");
    Files.writeString(queue.resolve(a + ".batch.settled"), b + "\n");

    Ctl.Run run = ctl.run("status");
    assertThat(run.out())
        .contains(
            "Queued:             2 records, "
                + DirectoryUsage.size(Files.size(batch) + Files.size(queue.resolve(b)))
                + "\n");
  }
}

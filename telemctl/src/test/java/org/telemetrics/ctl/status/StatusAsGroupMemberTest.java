package org.telemetrics.ctl.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.ctl.AnotherUser;
import org.telemetrics.ctl.Records;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;
import org.telemetrics.testing.TestRoot;

/**
 * telemctl status run by a user who is not root but in the daemons' group, as the package lays out
 * the files: directories 0750, the journal and status file 0640, records 0600. The real main class
 * runs in a child process under {@code setpriv}, so the kernel's permission checks apply.
 */
class StatusAsGroupMemberTest {
  /** A group id no other file of the machine is likely to carry. */
  private static final int GROUP = 48_213;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aGroupMemberSeesTheStatusAndGetsANoteForWhatItCannotRead() throws Exception {
    AnotherUser.assumeRootWithSetpriv("telemctl status as a non-root group member");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    TestRoot root = TestRoot.create(dir.resolve("root"));
    Layout l = root.layout();
    Records.spoolFile(l.queueDir(), "1123456789abcdef0123456789abcdef", "a/b/c", "q");
    Records.spoolFile(l.stagingDir(), "2123456789abcdef0123456789abcdef", "a/b/c", "s");
    Files.createDirectories(l.deadLetterDir());
    Files.createDirectories(l.quarantineDir());
    Path statusFile = root.config().path(ConfigKeys.POSTD_STATUS_FILE);
    Files.createDirectories(statusFile.getParent());
    StatusFile.write(
        statusFile,
        DaemonStatus.empty().with(DaemonStatus.STATE, "idle").with(DaemonStatus.DELIVERED, 7));
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
                java.util.Optional.of("delivered"))));
    for (Path d :
        List.of(
            l.spoolDir(),
            l.stagingDir(),
            l.queueDir(),
            l.deadLetterDir(),
            statusFile.getParent(),
            l.journalFile().getParent())) {
      own(d, "rwxr-x---");
    }
    own(l.quarantineDir(), "rwx------"); // a directory this group may not read
    own(statusFile, "rw-r-----");
    own(l.journalFile(), "rw-r-----");
    for (Path d : List.of(l.queueDir(), l.stagingDir())) {
      try (Stream<Path> files = Files.list(d)) {
        for (Path f : files.toList()) {
          own(f, "rw-------");
        }
      }
    }

    AnotherUser user = new AnotherUser(dir);
    String out = user.telemctl(root, AnotherUser.NOBODY, GROUP, "status", "--json");
    assertThat(out)
        .contains("\"queued\":{\"records\":1,")
        .contains("\"quarantined\":null")
        .contains("\"telempostd\":{\"state\":\"idle\",\"delivered\":7}")
        .contains("cannot read " + l.quarantineDir() + ": permission denied")
        .contains("1 queue file(s) in " + l.queueDir() + " cannot be read by this user")
        .contains("1 file(s) in " + l.stagingDir() + " cannot be read by this user");
    String text = user.telemctl(root, AnotherUser.NOBODY, GROUP, "status");
    assertThat(text)
        .contains("Quarantined:        unknown (not readable by this user)\n")
        .contains("telempostd:         idle; delivered 7\n")
        .contains("Queued:             1 record, ")
        .contains("Last delivery:      2026-11-22");
  }

  private static void own(Path p, String mode) throws IOException {
    Files.setAttribute(p, "unix:gid", GROUP, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }
}

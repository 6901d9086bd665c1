package org.telemetrics.probes.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This boot comes from the journal, not from the kernel's boot_id file, which names the host's boot
 * inside a sandboxed unit of a container's systemd (test-systemd found it).
 */
class JournalBootIdTest {
  @TempDir Path dir;

  private String fakeJournalctl(String output) throws IOException {
    Path script = dir.resolve("journalctl");
    Files.writeString(script, "#!/bin/sh\nprintf '%s' '" + output + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script.toString();
  }

  @Test
  void theBootIsTheNewestEntrysBootId() throws IOException {
    String journalctl =
        fakeJournalctl(
            "{\"__CURSOR\":\"s=1\",\"_BOOT_ID\":"
                + "\"c3e74d79aa5f4a0c9e2b1d3f40506070\",\"MESSAGE\":\"Started journalprobe.\"}\n");
    assertThat(NewestJournalEntry.bootId(journalctl)).contains("c3e74d79aa5f4a0c9e2b1d3f40506070");
  }

  @Test
  void anEmptyJournalOrGarbageTellsNothing() throws IOException {
    assertThat(NewestJournalEntry.bootId(fakeJournalctl(""))).isEmpty();
    assertThat(NewestJournalEntry.bootId(fakeJournalctl("not json\n"))).isEmpty();
    assertThat(NewestJournalEntry.bootId(fakeJournalctl("{\"MESSAGE\":\"x\"}\n"))).isEmpty();
    assertThat(NewestJournalEntry.bootId(dir.resolve("missing").toString())).isEmpty();
  }
}

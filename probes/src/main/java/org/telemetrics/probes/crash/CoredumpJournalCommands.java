package org.telemetrics.probes.crash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telemetrics.probes.journal.JournalctlFollow;

/** The journalctl command lines crashprobe-coredump reads the coredump entries with. */
final class CoredumpJournalCommands {
  private CoredumpJournalCommands() {}

  /**
   * journalctl printing the coredump entries after the cursor (else since {@code since}) in every
   * boot, then ending: without {@code --follow} journalctl keeps to no boot.
   */
  static List<String> catchUp(String journalctl, Optional<String> cursor, Optional<Instant> since) {
    List<String> c = new ArrayList<>(List.of(journalctl, "--output=json", "--no-pager"));
    cursor.ifPresent(k -> c.add("--after-cursor=" + k));
    if (cursor.isEmpty()) {
      // whole seconds: the entries of that second logged before it are passed over in follow
      since.ifPresent(t -> c.add("--since=@" + t.getEpochSecond()));
    }
    c.add("MESSAGE_ID=" + CoredumpEntry.MESSAGE_ID);
    return c;
  }

  /** journalctl following this boot's coredump entries: after the cursor, else only new ones. */
  static List<String> follow(String journalctl, Optional<String> cursor, String boot) {
    return JournalctlFollow.command(
        journalctl, boot, cursor, false, List.of("MESSAGE_ID=" + CoredumpEntry.MESSAGE_ID));
  }
}

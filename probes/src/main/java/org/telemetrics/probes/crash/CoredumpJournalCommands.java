package org.telemetrics.probes.crash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

  /**
   * journalctl following this boot's coredump entries: after the cursor, else only new ones (an
   * empty journal). The boot is named: since systemd 250 {@code --follow} alone implies the boot
   * the kernel's boot_id file names, which inside a sandboxed unit of a container's systemd is the
   * host's, so nothing would ever be printed.
   */
  static List<String> follow(String journalctl, Optional<String> cursor, String boot) {
    List<String> c =
        new ArrayList<>(
            List.of(
                journalctl,
                "--output=json",
                "--follow",
                "--boot=" + boot.replace("-", ""),
                "--no-pager",
                "--lines=" + (cursor.isPresent() ? "all" : "0")));
    cursor.ifPresent(k -> c.add("--after-cursor=" + k));
    c.add("MESSAGE_ID=" + CoredumpEntry.MESSAGE_ID);
    return c;
  }
}

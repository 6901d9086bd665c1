package org.telemetrics.probes.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How journalprobe and crashprobe-coredump follow the journal: the journalctl command that prints
 * this boot's matching entries as JSON lines as they are logged, and the longest line they take.
 */
public final class JournalctlFollow {
  /** The longest entry (one JSON line) taken; a longer one is passed over. */
  public static final int MAX_LINE_BYTES = 256 << 10;

  private JournalctlFollow() {}

  /**
   * journalctl following {@code boot}'s entries that match {@code matches}: after the cursor, else
   * from the start of the boot ({@code fromBootStart}) or only new ones. The boot is named with
   * {@code --boot} after {@code --follow}: since systemd 250 {@code --follow} alone implies the
   * boot the kernel's boot_id file names, which inside a sandboxed unit of a container's systemd is
   * the host's, so nothing would ever be printed.
   */
  public static List<String> command(
      String journalctl,
      String boot,
      Optional<String> cursor,
      boolean fromBootStart,
      List<String> matches) {
    List<String> c =
        new ArrayList<>(
            List.of(
                journalctl,
                "--output=json",
                "--follow",
                "--boot=" + boot.replace("-", ""),
                "--no-pager",
                "--lines=" + (cursor.isPresent() || fromBootStart ? "all" : "0")));
    cursor.ifPresent(k -> c.add("--after-cursor=" + k));
    c.addAll(matches);
    return c;
  }
}

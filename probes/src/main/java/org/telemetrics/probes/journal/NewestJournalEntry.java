package org.telemetrics.probes.journal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** The journal's newest entry, as {@code journalctl --lines=1} shows it, and what it tells. */
public final class NewestJournalEntry {
  private NewestJournalEntry() {}

  /**
   * This boot as the journal names it: the {@code _BOOT_ID} of its newest entry (systemd has just
   * logged this probe's start). Not the kernel's file: a container's systemd (systemd-nspawn) gives
   * the container its own boot id by a mount over {@code /proc/sys/kernel/random/boot_id}, which
   * the unit's fresh {@code /proc} (ProtectProc=, ProtectKernelTunables=) does not have, so the
   * file would name the host's boot and no entry would match. Empty when journalctl cannot tell (no
   * journal, no entry).
   */
  public static Optional<String> bootId(String journalctl) {
    return fields(journalctl).flatMap(NewestJournalEntry::bootId);
  }

  /** The {@code _BOOT_ID} of an entry's fields, if it has a non-blank one. */
  public static Optional<String> bootId(Map<String, String> fields) {
    return Optional.ofNullable(fields.get("_BOOT_ID")).filter(b -> !b.isBlank()).map(String::strip);
  }

  /**
   * The fields of the journal's newest entry, or empty when journalctl cannot tell (no journal, no
   * entry, not JSON).
   */
  public static Optional<Map<String, String>> fields(String journalctl) {
    try {
      Process p =
          new ProcessBuilder(journalctl, "--output=json", "--lines=1", "--no-pager", "--quiet")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      try (InputStream in = p.getInputStream()) {
        byte[] line = in.readNBytes(JournalctlFollow.MAX_LINE_BYTES);
        p.waitFor();
        String text = new String(line, StandardCharsets.UTF_8).strip();
        int newline = text.indexOf('\n');
        if (newline >= 0) {
          text = text.substring(0, newline);
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(JournalJson.parse(text));
      } finally {
        p.destroy();
      }
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}

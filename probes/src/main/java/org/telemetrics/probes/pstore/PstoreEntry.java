package org.telemetrics.probes.pstore;

import java.util.Optional;

/**
 * One file of the pstore filesystem that holds a kernel log dump, named as the kernel names them:
 * {@code dmesg-efi-<id>} with id = (time × 100 + part) × 1000 + count, {@code dmesg-ramoops-<n>}
 * (dump n, one part), {@code console-ramoops} or {@code console-ramoops-<n>} (the console log of
 * the previous boot). Other entries (pmsg, ftrace) are not kernel logs.
 *
 * @param dump which dump the file belongs to: the parts of one dump share it
 * @param part 1 for the last piece of the log; higher parts are older pieces
 */
public record PstoreEntry(String name, String dump, int part) {
  /** Longest name considered (pstore names are short). */
  private static final int MAX_NAME = 64;

  public static Optional<PstoreEntry> parse(String name) {
    if (name.length() > MAX_NAME) {
      return Optional.empty();
    }
    if (name.startsWith("dmesg-efi-")) {
      Optional<Long> id = number(name.substring("dmesg-efi-".length()));
      return id.map(
          v ->
              new PstoreEntry(
                  name, "efi-" + (v / 100_000) + "-" + (v % 1000), (int) ((v / 1000) % 100)));
    }
    if (name.startsWith("dmesg-ramoops-")) {
      return number(name.substring("dmesg-ramoops-".length()))
          .map(v -> new PstoreEntry(name, "ramoops-" + v, 1));
    }
    if (name.equals("console-ramoops")
        || name.startsWith("console-ramoops-")
            && number(name.substring("console-ramoops-".length())).isPresent()) {
      return Optional.of(new PstoreEntry(name, name, 1));
    }
    return Optional.empty();
  }

  private static Optional<Long> number(String text) {
    if (!text.matches("[0-9]{1,18}")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(text));
  }
}

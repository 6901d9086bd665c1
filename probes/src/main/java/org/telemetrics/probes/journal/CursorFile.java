package org.telemetrics.probes.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;

/**
 * A position in the journal: {@code <program>-state 1} and {@code cursor <c>}, replaced atomically.
 * A damaged file is moved aside with a reason (never deleted) and read as no position. journalprobe
 * and crashprobe's systemd-coredump intake keep theirs in one.
 */
public final class CursorFile {
  private final Path file;
  private final String magic;

  public CursorFile(Path file, String program) {
    this.file = file;
    this.magic = program + "-state 1";
  }

  public Path path() {
    return file;
  }

  /** The cursor, if one was stored; {@code damaged} is told why a file was moved aside. */
  public Optional<String> load(Instant now, Consumer<String> damaged) throws IOException {
    byte[] bytes;
    try {
      bytes = RegularFiles.readBounded(file, 4096);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      return moveAside(FileErrors.reason(e), now, damaged);
    }
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    if (lines.length != 3
        || !lines[0].equals(magic)
        || !lines[1].startsWith("cursor ")
        || !lines[2].isEmpty()) {
      return moveAside("not a " + magic, now, damaged);
    }
    String cursor = lines[1].substring("cursor ".length());
    if (cursor.isEmpty()
        || cursor.length() > JournalEntry.MAX_CURSOR
        || !cursor.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return moveAside("not a journal cursor", now, damaged);
    }
    return Optional.of(cursor);
  }

  private Optional<String> moveAside(String reason, Instant now, Consumer<String> damaged)
      throws IOException {
    Path aside = DamagedFiles.moveAside(file, reason, now);
    damaged.accept(file + " is damaged (" + reason + "); moved to " + aside);
    return Optional.empty();
  }

  public void store(String cursor, boolean durable) throws IOException {
    Path dir = Directories.ensure(file.getParent());
    byte[] bytes = (magic + "\ncursor " + cursor + "\n").getBytes(StandardCharsets.UTF_8);
    if (durable) {
      AtomicFiles.write(dir, file, bytes);
    } else {
      AtomicFiles.replace(dir, file, bytes, PosixFilePermissions.fromString("rw-------"));
    }
  }
}

package org.telemetrics.probd;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.telemetrics.config.Layout;
import org.telemetrics.files.AsideNote;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.spool.disk.SpoolDirectories;

/**
 * Moves a file telemprobd cannot use into {@code spool_dir/quarantine/}, with a {@code
 * <name>.reason} note ({@link AsideNote}), as telempostd writes and {@code telemctl} reads. The
 * entry itself is renamed: a symbolic link, FIFO or directory is moved as it is, never followed or
 * opened.
 */
final class Quarantine {
  private final Layout layout;
  private final Clock clock;
  private final Log log;

  Quarantine(Layout layout, Clock clock, Log log) {
    this.layout = layout;
    this.clock = clock;
    this.log = log;
  }

  /** True when {@code file} was moved aside (or vanished meanwhile); logs either way. */
  boolean move(Path file, String reason) {
    Path dir = layout.quarantineDir();
    Path target = DamagedFiles.freeName(dir.resolve(DamagedFiles.textName(file)));
    try {
      SpoolDirectories.prepare(dir, clock.instant()).ifPresent(log::warning);
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return true;
    } catch (FileAlreadyExistsException e) {
      log.error("cannot quarantine " + file + " (" + reason + "): " + target + " exists");
      return false;
    } catch (IOException e) {
      log.error("cannot quarantine " + file + " (" + reason + "): " + FileErrors.describe(e));
      return false;
    }
    try {
      AtomicFiles.write(layout.tmpDir(), DamagedFiles.note(target), note(file, reason));
    } catch (IOException e) {
      log.error("cannot write the reason for " + FileErrors.about(target, e));
    }
    log.warning(file + " is not usable (" + oneLine(reason) + "); moved to " + target);
    return true;
  }

  byte[] note(Path source, String reason) {
    return AsideNote.quarantined(source.toString(), reason, clock.instant().toString()).format();
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }
}

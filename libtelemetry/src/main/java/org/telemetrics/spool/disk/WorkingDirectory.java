package org.telemetrics.spool.disk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.files.AsideNote;

/**
 * The working directories in {@code spool_dir}, named once for the daemons and telemctl. Each is a
 * state of a record (see docs/architecture.md); files directly in {@code spool_dir} are the C
 * client's records.
 */
public enum WorkingDirectory {
  /** Temporary files being written; read by nobody but their writer. */
  TMP("tmp"),
  /** Records accepted by telemprobd, not yet taken by telempostd. */
  STAGING("staging"),
  /** Records telempostd holds for delivery, with their retry notes and settled logs. */
  QUEUE("queue"),
  /** Records the backend refused for good, each with an {@link AsideNote}. */
  DEAD_LETTER("dead-letter"),
  /** Files that are not usable records, each with an {@link AsideNote}. */
  QUARANTINE("quarantine");

  private final String dirName;

  WorkingDirectory(String dirName) {
    this.dirName = dirName;
  }

  public String dirName() {
    return dirName;
  }

  public Path in(Path spoolDir) {
    return spoolDir.resolve(dirName);
  }

  /** All working directories of {@code spoolDir}, in the order they are created. */
  public static List<Path> all(Path spoolDir) {
    List<Path> dirs = new ArrayList<>();
    for (WorkingDirectory d : values()) {
      dirs.add(d.in(spoolDir));
    }
    return dirs;
  }
}

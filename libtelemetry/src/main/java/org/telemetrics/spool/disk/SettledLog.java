package org.telemetrics.spool.disk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.record.Ids;

/**
 * {@code queue/<file>.settled}: the ids of a multi-record queue file's records that were already
 * settled (delivered, dropped, or split out into a file of their own), one per line, appended by
 * telempostd and read by its start-up recovery and by {@code telemctl status}.
 */
public final class SettledLog {
  /** A record id and its newline, as telempostd appends them. */
  public static final int ID_LINE_BYTES = 33;

  private SettledLog() {}

  /** The settled log of {@code queueFile}. */
  public static Path of(Path queueFile) {
    return queueFile.resolveSibling(queueFile.getFileName() + SpoolNames.SETTLED_SUFFIX);
  }

  /**
   * The ids listed in {@code log} (none if there is no log), for a queue file of {@code records}
   * records. A log that cannot be ours (larger than those records could fill, each at most twice
   * since a note may be repeated after a failed append, or holding a line that is not a record id)
   * is refused with an exception naming it. A partial last line is an append a kill interrupted,
   * not a note.
   */
  public static Set<String> read(Path log, int records) throws IOException {
    Set<String> ids = new HashSet<>();
    if (!Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
      return ids;
    }
    byte[] bytes = RegularFiles.readBounded(log, 2 * records * ID_LINE_BYTES);
    String text = new String(bytes, StandardCharsets.US_ASCII);
    text = text.substring(0, text.lastIndexOf('\n') + 1);
    for (String line : text.split("\n")) {
      if (!line.isEmpty() && !Ids.isId(line)) {
        throw new IOException(log + " is not a list of record ids");
      }
      if (!line.isEmpty()) {
        ids.add(line);
      }
    }
    return ids;
  }
}

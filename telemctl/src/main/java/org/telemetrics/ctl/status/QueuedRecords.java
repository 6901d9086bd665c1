package org.telemetrics.ctl.status;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.record.Ids;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;
import org.telemetrics.spool.disk.SettledLog;
import org.telemetrics.spool.disk.SpoolNames;

/**
 * The records in {@code queue/} as telempostd's start-up recovery would index them: each file's
 * records minus those its {@code <file>.settled} log lists (a record split out of a batch into a
 * file of its own is settled in the batch), each record id once. A file telempostd would quarantine
 * holds none; a settled log it would refuse settles none. What cannot be read (a user who is not
 * the daemon's) is counted one record per file and said in a note.
 */
final class QueuedRecords {
  /** The count and what the reader should know about it (unreadable or damaged files). */
  record Count(DirectoryUsage usage, List<String> notes) {}

  private final Set<String> ids = new HashSet<>();
  private final List<String> notes = new ArrayList<>();
  private long bytes;
  private long unreadable;
  private long damaged;

  private QueuedRecords() {}

  static Count of(Path queueDir) throws IOException {
    QueuedRecords q = new QueuedRecords();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(queueDir)) {
      for (Path p : ds) {
        q.add(p);
      }
    } catch (NoSuchFileException e) {
      return new Count(DirectoryUsage.NONE, List.of());
    }
    if (q.unreadable > 0) {
      q.notes.add(
          q.unreadable
              + " queue file(s) in "
              + queueDir
              + " cannot be read by this user:"
              + " counted as one record each (a batch holds more); run as root for the exact count");
    }
    if (q.damaged > 0) {
      q.notes.add(
          q.damaged
              + " queue file(s) in "
              + queueDir
              + " are damaged: telempostd sets"
              + " them aside in quarantine/ (not counted)");
    }
    return new Count(new DirectoryUsage(q.ids.size() + q.unreadable, q.bytes), q.notes);
  }

  private void add(Path p) {
    String name = p.getFileName().toString();
    if (name.startsWith(".")
        || name.endsWith(SpoolNames.RETRY_SUFFIX)
        || name.endsWith(SpoolNames.SETTLED_SUFFIX)
        || !isRecordFileName(name)) {
      return;
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return; // taken by telempostd while we looked
    }
    if (!a.isRegularFile()) {
      return; // telempostd quarantines it: never a record
    }
    List<SpoolEntry> entries;
    try {
      entries =
          SpoolFileFormat.decodeAll(
              RegularFiles.readBounded(p, SpoolFileFormat.MAX_FILE_SIZE),
              a.lastModifiedTime().toMillis());
    } catch (AccessDeniedException e) {
      unreadable++;
      bytes += a.size();
      return;
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException | SpoolFormatException e) {
      damaged++;
      return;
    }
    String first = entries.get(0).recordId();
    if (!name.equals(first) && !name.equals(first + SpoolFileFormat.BATCH_SUFFIX)) {
      damaged++; // quarantined: its name is not its first record's id
      return;
    }
    bytes += a.size();
    Set<String> settled = settled(p, entries.size());
    for (SpoolEntry e : entries) {
      if (!settled.contains(e.recordId())) {
        ids.add(e.recordId());
      }
    }
  }

  private static boolean isRecordFileName(String name) {
    String batch = SpoolFileFormat.BATCH_SUFFIX;
    return Ids.isId(
        name.endsWith(batch) ? name.substring(0, name.length() - batch.length()) : name);
  }

  /**
   * The ids the file's settled log lists, read as telempostd reads it ({@link SettledLog}): a log
   * it would refuse settles nothing here either, and says so in a note.
   */
  private Set<String> settled(Path file, int records) {
    Path log = SettledLog.of(file);
    try {
      return SettledLog.read(log, records);
    } catch (NoSuchFileException e) {
      return Set.of(); // its file's last record was settled while we looked
    } catch (AccessDeniedException e) {
      notes.add(
          "settled log "
              + log
              + " cannot be read by this user: its file's records are"
              + " counted as queued");
    } catch (IOException e) {
      notes.add(
          "settled log "
              + log
              + " cannot be used ("
              + FileErrors.describe(e)
              + "): telempostd"
              + " sets it aside and sends its file's records again (counted as queued)");
    }
    return Set.of();
  }
}

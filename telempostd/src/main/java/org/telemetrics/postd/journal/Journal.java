package org.telemetrics.postd.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.log.Log;
import org.telemetrics.record.Ids;
import org.telemetrics.record.TelemetryRecord;

/**
 * The journal of every record telempostd handles, one C-format line plus the outcome, and the
 * optional retained payload copies named by record id. Pruned as in C: when it holds half as many
 * lines again as the limit, the oldest are removed (with their copies) down to the limit. The lines
 * since the last prune are kept in memory, so a prune is one write and a rename; like every journal
 * write it is made durable by {@link #sync}.
 *
 * <p>At start a damaged journal or retention directory is moved aside and replaced (see {@link
 * JournalRecovery} and {@link RetentionCopies}; a journal it may not write, such as a C client's
 * owned by root, too), so the daemon starts whatever they hold. The journal and the copies are mode
 * 0640: other users may not list record ids.
 */
public final class Journal implements AutoCloseable {
  private final Path file;
  private final RetentionCopies copies; // null without retention
  private final int limit;
  private final String bootId;
  private final Log log;
  private final FileOpener opener;
  private FileChannel channel;

  /** The journal's lines, oldest first (at most half as many again as the limit). */
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  private boolean dirty;

  public Journal(
      Path file,
      Path retentionDir,
      boolean retention,
      int limit,
      String bootId,
      Log log,
      Clock clock)
      throws IOException {
    this(file, retentionDir, retention, limit, bootId, log, clock, FileOpener.CHANNELS);
  }

  Journal(
      Path file,
      Path retentionDir,
      boolean retention,
      int limit,
      String bootId,
      Log log,
      Clock clock,
      FileOpener opener)
      throws IOException {
    this.file = file;
    this.limit = limit;
    this.bootId = bootId;
    this.log = log;
    Directories.ensure(file.getParent());
    this.copies = retention ? new RetentionCopies(retentionDir, log, clock) : null;
    this.opener = opener;
    lines.addAll(new JournalRecovery(file, limit + limit / 2, log, clock, opener).recover());
    try {
      open();
    } catch (AccessDeniedException e) {
      // someone else's file (a C client's, root's): ours starts beside it
      Path aside = DamagedFiles.moveAside(file, "it cannot be written", clock.instant());
      log.warning(
          "journal " + file + " cannot be written; moved to " + aside + ", a new journal starts");
      lines.clear();
      open();
    }
  }

  /** The boot id its lines name: {@link #readBootId}'s. */
  public String bootId() {
    return bootId;
  }

  /** The running system's boot id, or a placeholder where there is none. */
  public static String readBootId(Path bootIdFile) {
    try {
      String id = Files.readString(bootIdFile).strip();
      return id.isEmpty() || id.length() > 64 ? "unknown" : id;
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Journals one handled record and keeps its payload copy if retention is on. */
  public void record(String recordId, TelemetryRecord record, String outcome, long epochSeconds)
      throws IOException {
    String id = Ids.isId(recordId) ? recordId : Ids.random128();
    String line = // made before the lock: the senders settle records side by side
        JournalFormat.format(
            new JournalEntry(
                id,
                epochSeconds,
                record.classification(),
                record.eventId(),
                bootId,
                Optional.of(outcome)));
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      lines.addLast(line.substring(0, line.length() - 1));
      dirty = true;
      if (copies != null) {
        copies.keep(id, record.payloadBytes());
      }
      if (lines.size() > limit + limit / 2) {
        prune();
      }
    }
  }

  /** Makes the journal durable (called when the daemon is idle and at exit). */
  public synchronized void sync() throws IOException {
    if (dirty) {
      channel.force(false);
      dirty = false;
    }
  }

  public synchronized int lineCount() {
    return lines.size();
  }

  private void prune() throws IOException {
    List<String> removed = new ArrayList<>();
    while (lines.size() > limit) {
      removed.add(lines.removeFirst());
    }
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    channel.close();
    AtomicFiles.replace(
        file.getParent(),
        file,
        sb.toString().getBytes(StandardCharsets.UTF_8),
        AtomicFiles.GROUP_READABLE);
    open();
    dirty = true;
    if (copies != null) {
      for (String line : removed) {
        int sep = line.indexOf(JournalFormat.SEPARATOR);
        String id = sep > 0 ? line.substring(0, sep) : "";
        if (Ids.isId(id)) {
          copies.remove(id);
        }
      }
    }
  }

  /** Opens for appending; a new journal, or an older one that others could read, gets 0640. */
  private void open() throws IOException {
    channel =
        opener.open(
            file,
            Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS));
    PosixFileAttributeView view =
        Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    try {
      if (!view.readAttributes().permissions().equals(AtomicFiles.GROUP_READABLE)) {
        view.setPermissions(AtomicFiles.GROUP_READABLE);
      }
    } catch (IOException e) {
      log.warning("cannot make " + file + " mode 0640: " + FileErrors.reason(e));
    }
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      sync();
    } finally {
      channel.close();
    }
  }
}

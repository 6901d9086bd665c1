package org.telemetrics.postd.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.record.Ids;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.AtomicFiles;

/**
 * The journal of every record telempostd handles, one C-format line plus the outcome, and the
 * optional retained payload copies named by record id. Pruned as in C: when it holds half as many
 * lines again as the limit, the oldest are removed (with their copies) down to the limit. The
 * lines since the last prune are kept in memory, so a prune is one write and a rename; like
 * every journal write it is made durable by {@link #sync}.
 */
public final class Journal implements AutoCloseable {
  private final Path file;
  private final Path retentionDir;
  private final boolean retention;
  private final int limit;
  private final String bootId;
  private FileChannel channel;
  /** The journal's lines, oldest first (at most half as many again as the limit). */
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private boolean dirty;

  public Journal(Path file, Path retentionDir, boolean retention, int limit, String bootId)
      throws IOException {
    this.file = file;
    this.retentionDir = retentionDir;
    this.retention = retention;
    this.limit = limit;
    this.bootId = bootId;
    AtomicFiles.ensureDirectory(file.getParent());
    if (retention) {
      AtomicFiles.ensureDirectory(retentionDir);
    }
    open();
    readTail();
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
  public synchronized void record(String recordId, TelemetryRecord record, String outcome,
      long epochSeconds) throws IOException {
    String id = Ids.isId(recordId) ? recordId : Ids.random128();
    String line = JournalFormat.format(new JournalEntry(id, epochSeconds,
        record.classification(), record.eventId(), bootId, Optional.of(outcome)));
    ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    lines.addLast(line.substring(0, line.length() - 1));
    dirty = true;
    if (retention) {
      AtomicFiles.write(retentionDir, retentionDir.resolve(id), record.payloadBytes(),
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    }
    if (lines.size() > limit + limit / 2) {
      prune();
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
    AtomicFiles.replace(file.getParent(), file, sb.toString().getBytes(StandardCharsets.UTF_8),
        PosixFilePermissions.fromString("rw-r--r--"));
    open();
    dirty = true;
    if (retention) {
      for (String line : removed) {
        int sep = line.indexOf(JournalFormat.SEPARATOR);
        String id = sep > 0 ? line.substring(0, sep) : "";
        if (Ids.isId(id)) {
          Files.deleteIfExists(retentionDir.resolve(id));
        }
      }
    }
  }

  private void open() throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
  }

  /** Loads the last lines of an existing journal (the ones a prune would keep, and more). */
  private void readTail() throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        lines.addLast(line);
        if (lines.size() > limit + limit / 2) {
          lines.removeFirst();
        }
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.force(false);
    channel.close();
  }
}

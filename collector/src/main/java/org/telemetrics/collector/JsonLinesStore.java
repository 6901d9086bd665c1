package org.telemetrics.collector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.telemetrics.files.FileErrors;

/**
 * Appends accepted records to a JSON-lines file, so a reader (the demo, a test) sees a record once
 * the collector has answered 201: {@link #append} returns only when the record's line is on disk.
 * Keeps the newest records in memory for {@code GET /api/records}, at most {@value #RECENT} and
 * {@value #RECENT_CHARS} characters of them. A file damaged by a crash or a full disk never stops a
 * start ({@link StoredLines}).
 *
 * <p>Lines are written in id order under one lock, and synced outside it by {@link GroupCommit}:
 * the records written while a sync is in progress are synced together by the next one.
 */
public final class JsonLinesStore implements AutoCloseable {
  static final int RECENT = 1000;

  /** The most characters of the newest lines kept for GET /api/records, whatever their count. */
  static final int RECENT_CHARS = 16 << 20;

  /**
   * How much of a line of the file a start reads: a record's is far shorter, a longer is damage.
   */
  static final int MAX_KEPT_BYTES = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private final GroupCommit commit;
  private final Object lock = new Object();
  private final Deque<String> recent = new ArrayDeque<>();
  private long recentChars;
  private long lastId;
  private long size;
  private final boolean partialLastLine;

  /** Opens (or creates) the file; ids continue after the lines already in it. */
  public JsonLinesStore(Path file) throws IOException {
    this(file, channel -> channel.force(false));
  }

  JsonLinesStore(Path file, Syncer syncer) throws IOException {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean partial = false;
    if (Files.exists(file)) {
      StoredLines stored = StoredLines.read(file, RECENT, MAX_KEPT_BYTES);
      stored.newest().forEach(this::remember);
      lastId = stored.count();
      partial = stored.partialLast();
    }
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    this.size = channel.size();
    this.partialLastLine = partial;
    if (partialLastLine) {
      // A write cut short (the process killed within it): the line stays as it is, counted as
      // before, and the next record starts on a line of its own instead of being glued to it.
      writeLines(new byte[] {'\n'});
      syncer.sync(channel);
    }
    this.commit = new GroupCommit(file, channel, syncer);
  }

  /** Whether the file ended with a partial line when opened (then ended with a line feed). */
  public boolean hadPartialLastLine() {
    return partialLastLine;
  }

  /**
   * Assigns the next id, writes the record and returns what was stored once it is durable. An
   * IOException means the record may not be durable: the caller answers it as an error.
   */
  public Stored append(RecordFactory factory) throws IOException {
    return appendAll(List.of(factory)).get(0);
  }

  /**
   * Appends several records with consecutive ids and one sync for all of them; returns them once
   * they are durable. An IOException means they may not be durable (a failed write leaves none of
   * them in the file; a failed sync leaves them there, unconfirmed).
   */
  public List<Stored> appendAll(List<RecordFactory> factories) throws IOException {
    List<Stored> records = new ArrayList<>(factories.size());
    GroupCommit.Batch batch;
    synchronized (lock) {
      StringBuilder lines = new StringBuilder();
      for (RecordFactory factory : factories) {
        CollectedRecord record = factory.create(lastId + 1 + records.size());
        String json = record.toJson();
        lines.append(json).append('\n');
        records.add(new Stored(record, json));
      }
      writeLines(lines.toString().getBytes(StandardCharsets.UTF_8)); // one write for all
      lastId += records.size();
      records.forEach(r -> remember(r.json()));
      batch = commit.join();
    }
    if (!records.isEmpty()) {
      commit.awaitDurable(batch);
    }
    return records;
  }

  /** Writes all the lines or, on failure, cuts the file back so no partial line stays in it. */
  private void writeLines(byte[] line) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(line);
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      size += line.length;
    } catch (IOException e) {
      try {
        channel.truncate(size);
      } catch (IOException t) {
        e.addSuppressed(t);
      }
      throw new IOException("cannot write to " + FileErrors.about(file, e), e);
    }
  }

  /** Newest first, at most {@value #RECENT}. */
  public List<String> recentJson() {
    synchronized (lock) {
      List<String> out = new ArrayList<>(recent);
      Collections.reverse(out);
      return out;
    }
  }

  private void remember(String json) {
    recent.addLast(json);
    recentChars += json.length();
    while (recent.size() > RECENT || (recentChars > RECENT_CHARS && recent.size() > 1)) {
      recentChars -= recent.removeFirst().length();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (lock) {
      channel.close();
    }
  }

  /** A record as stored, with its line (without the line feed), built once. */
  public record Stored(CollectedRecord record, String json) {}

  /** Builds a record once its id is known. */
  @FunctionalInterface
  public interface RecordFactory {
    CollectedRecord create(long id);
  }

  /** Makes what was written to the channel durable ({@code fdatasync}). */
  @FunctionalInterface
  interface Syncer {
    void sync(FileChannel channel) throws IOException;
  }
}

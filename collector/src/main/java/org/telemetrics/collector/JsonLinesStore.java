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

/**
 * Appends accepted records to a JSON-lines file, one fsync'ed line per record, so a reader (the
 * demo, a test) sees a record once the collector has answered 201. Keeps the newest lines in memory
 * for {@code GET /api/records}.
 */
public final class JsonLinesStore implements AutoCloseable {
  static final int RECENT = 1000;

  private final Object lock = new Object();
  private final FileChannel channel;
  private final Deque<String> recent = new ArrayDeque<>();
  private long lastId;

  /** Opens (or creates) the file; ids continue after the lines already in it. */
  public JsonLinesStore(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (Files.exists(file)) {
      try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
        lines
            .filter(l -> !l.isBlank())
            .forEach(
                l -> {
                  remember(l);
                  lastId++;
                });
      }
    }
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** Assigns the next id, writes the record durably and returns what was stored. */
  public CollectedRecord append(RecordFactory factory) throws IOException {
    synchronized (lock) {
      CollectedRecord record = factory.create(lastId + 1);
      String json = record.toJson();
      ByteBuffer buf = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
      lastId++;
      remember(json);
      return record;
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
    if (recent.size() > RECENT) {
      recent.removeFirst();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (lock) {
      channel.close();
    }
  }

  /** Builds a record once its id is known. */
  @FunctionalInterface
  public interface RecordFactory {
    CollectedRecord create(long id);
  }
}

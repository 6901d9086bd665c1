package org.telemetrics.faults;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Follows a daemon's output file and counts its lines per second, so that a daemon that logs in a
 * loop shows as a rate, not as a vague "the log got big". It reads only what was appended.
 */
final class LogLineMeter implements AutoCloseable {
  private final Path file;
  private final RateMeter lines = new RateMeter();
  private final Thread follower;
  private volatile boolean stopped;
  private long offset;

  private LogLineMeter(Path file) {
    this.file = file;
    follower = new Thread(this::follow, "log-meter " + file.getFileName());
    follower.setDaemon(true);
  }

  /** Starts following {@code file} from its current end. */
  static LogLineMeter follow(Path file) {
    LogLineMeter m = new LogLineMeter(file);
    try {
      m.offset = Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      m.offset = 0;
    }
    m.follower.start();
    return m;
  }

  RateMeter lines() {
    return lines;
  }

  private void follow() {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    while (!stopped) {
      readNew(buf);
      try {
        Thread.sleep(100); // a sampling period, not a synchronisation
      } catch (InterruptedException e) {
        return;
      }
    }
    readNew(buf);
  }

  private void readNew(ByteBuffer buf) {
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long newlines = 0;
      ch.position(offset);
      for (int n; (n = ch.read(buf.clear())) > 0; ) {
        offset += n;
        for (int i = 0; i < n; i++) {
          if (buf.get(i) == '\n') {
            newlines++;
          }
        }
      }
      lines.add(newlines);
    } catch (IOException e) {
      // read again at the next sample
    }
  }

  @Override
  public void close() {
    stopped = true;
    follower.interrupt();
    try {
      follower.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

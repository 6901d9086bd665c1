package org.telemetrics.postd.usage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.usage.UsageEvent;

/**
 * Appends one JSON line per settled record to {@code usage_log}, the lines of a batch in one write,
 * flushed at once (so the file only ever grows by whole lines). The file is opened again when asked
 * ({@link #reopen}, on SIGHUP) and when the path names another file than the open one (logrotate
 * moved it away), so lines never go to a rotated file for long. A line that cannot be written (a
 * full disk) is dropped and counted: delivery never waits for the log.
 */
public final class UsageLogWriter implements AutoCloseable {
  /** Opens the log for appending; tests pass one whose streams fail like a full disk. */
  @FunctionalInterface
  public interface Opener {
    Opener FILES =
        path ->
            Files.newOutputStream(
                path,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);

    OutputStream open(Path path) throws IOException;
  }

  private final String target;
  private final Path path;
  private final boolean descriptor;
  private final Opener opener;
  private final LogThrottle throttle;
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean reopenRequested;
  private OutputStream out;
  private Object openKey;

  /**
   * @param target an absolute path or {@code fd:N}
   */
  public UsageLogWriter(String target, Opener opener, LogThrottle throttle) {
    this.target = Objects.requireNonNull(target);
    this.descriptor = target.startsWith("fd:");
    this.path = descriptor ? descriptorPath(target) : Path.of(target);
    this.opener = opener;
    this.throttle = throttle;
  }

  /** Where Linux shows descriptor N of this process; opening it opens what N refers to. */
  static Path descriptorPath(String fdTarget) {
    return Path.of("/proc/self/fd/" + fdTarget.substring("fd:".length()));
  }

  /** Asks for the file to be opened again before the next line (SIGHUP; any thread). */
  public void reopen() {
    reopenRequested = true;
  }

  /** Lines dropped because they could not be written. */
  public long dropped() {
    return dropped.get();
  }

  /** Writes one line; never throws. */
  public void write(UsageEvent e) {
    write(List.of(e));
  }

  /** Writes a line per event, all in one write and one flush; never throws. */
  public synchronized void write(List<UsageEvent> events) {
    ByteArrayOutputStream lines = new ByteArrayOutputStream(events.size() * 200);
    UsageJson.lines(events, lines);
    try {
      if (out == null || reopenRequested || replaced()) {
        open();
      }
      lines.writeTo(out);
      out.flush();
    } catch (IOException ex) {
      dropped.addAndGet(events.size());
      closeQuietly(); // a stream that failed may hold half a line: the next one starts afresh
      throttle.log(
          Log.Level.WARNING,
          "usage-log",
          "usage log "
              + target
              + ": cannot write ("
              + FileErrors.describe(ex)
              + "); "
              + dropped.get()
              + " lines dropped so far, delivery goes on");
    }
  }

  /** The path now names another file than the one open (or none): logrotate's move. */
  private boolean replaced() {
    if (descriptor) {
      return false;
    }
    try {
      return !Objects.equals(openKey, key());
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      return false; // cannot tell: keep writing where we are
    }
  }

  private void open() throws IOException {
    closeQuietly();
    reopenRequested = false;
    out = opener.open(path);
    try {
      openKey = descriptor ? null : key();
    } catch (IOException e) {
      openKey = null;
    }
    if (!descriptor && !endsWithNewline()) {
      out.write('\n'); // our lines stay whole lines after a damaged or cut-off tail
      throttle.log(
          Log.Level.WARNING,
          "usage-log-tail",
          "usage log "
              + target
              + " does not end"
              + " with a newline (damaged or cut off); the next line starts a line of its own");
    }
  }

  /** Whether the file is empty or ends with a newline (true when it cannot be told). */
  private boolean endsWithNewline() {
    try (SeekableByteChannel ch = Files.newByteChannel(path)) {
      if (ch.size() == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.position(ch.size() - 1).read(last);
      return last.position() == 0 || last.get(0) == '\n';
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  private Object key() throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // its lines were counted as dropped when they failed
      }
      out = null;
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }
}

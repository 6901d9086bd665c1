package org.telemetrics.ctl.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.journal.JournalScanner;

/**
 * Reads journal lines from a byte position on, in either format (C: five fields; ours: plus an
 * outcome), handing each entry to a consumer, so memory is bounded by what the caller keeps. A
 * damaged line (over-long, not UTF-8, not a journal line; see {@link JournalScanner}) is counted
 * and skipped, never fatal. A last line without its newline is left for the next read (the writer
 * may be appending it), unless it is longer than any journal line: then it is damage. Anything but
 * a regular file is refused without opening it (a FIFO would block the reader) and a symbolic link
 * is not followed.
 */
final class JournalReader {
  /** What one read found: lines skipped as damaged, and where to go on from. */
  record Result(long damaged, long nextPosition) {}

  private JournalReader() {}

  static Result read(Path file, long from, Consumer<JournalEntry> entries) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isRegularFile()) {
      throw new IOException(
          file + " is not a regular file (it is " + RegularFiles.describe(a) + ")");
    }
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      JournalScanner scanner = new JournalScanner((text, entry) -> entries.accept(entry));
      long position = from;
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      try {
        for (int n; (n = ch.read(buf.clear(), position)) > 0; ) {
          position += n;
          scanner.feed(buf.flip());
        }
      } catch (IOException e) {
        throw new IOException(FileErrors.about(file, e), e);
      }
      long damaged = scanner.damaged();
      if (scanner.pendingBytes() > JournalFormat.MAX_LINE) {
        damaged++; // no line being appended is this long
      }
      return new Result(damaged, position - scanner.pendingBytes());
    }
  }
}

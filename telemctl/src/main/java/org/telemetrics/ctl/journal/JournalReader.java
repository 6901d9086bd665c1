package org.telemetrics.ctl.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;

/**
 * Reads journal lines from a byte position on, in either format (C: five fields; ours: plus an
 * outcome). Lines are bounded ({@link JournalFormat#MAX_LINE}); an over-long or malformed line is
 * counted and skipped, never fatal. A last line without its newline is left for the next read (the
 * writer is still appending it).
 */
final class JournalReader {
  /** What one read produced: entries, lines skipped as malformed, and where to go on from. */
  record Chunk(List<JournalEntry> entries, int malformed, long nextPosition) {}

  private JournalReader() {}

  static Chunk read(Path file, long from) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      ch.position(from);
      List<JournalEntry> entries = new ArrayList<>();
      int malformed = 0;
      long position = from;
      long lineStart = from;
      ByteArrayOutputStream line = new ByteArrayOutputStream(256);
      boolean tooLong = false;
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (ch.read(buf) > 0) {
        buf.flip();
        while (buf.hasRemaining()) {
          byte b = buf.get();
          position++;
          if (b != '\n') {
            if (line.size() <= JournalFormat.MAX_LINE) {
              line.write(b);
            } else {
              tooLong = true;
            }
            continue;
          }
          if (tooLong) {
            malformed++;
          } else if (line.size() > 0) {
            try {
              entries.add(JournalFormat.parse(line.toString(StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
              malformed++;
            }
          }
          line.reset();
          tooLong = false;
          lineStart = position;
        }
        buf.clear();
      }
      return new Chunk(entries, malformed, lineStart);
    }
  }
}

package org.telemetrics.ctl.status;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.journal.JournalFormatException;

/** The last delivery as the journal tells it, when telempostd's status file does not. */
final class LastDelivery {
  /** Only the journal's end is read: the newest delivery is there or not worth a long read. */
  private static final int TAIL_BYTES = 64 * 1024;

  private LastDelivery() {}

  /** The newest journal entry with outcome "delivered"; a refused read adds a note. */
  static Optional<JournalEntry> fromJournal(Path journal, List<String> notes) {
    if (!Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty(); // a FIFO would block the read; a link is not followed anyway
    }
    byte[] tail;
    try (FileChannel ch =
        FileChannel.open(journal, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      long from = Math.max(0, size - TAIL_BYTES);
      ch.position(from);
      ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // fill
      }
      tail = Arrays.copyOf(buf.array(), buf.position());
    } catch (AccessDeniedException e) {
      notes.add("cannot read the journal " + journal + ": permission denied");
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // gone while we looked
    }
    String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      try {
        JournalEntry e = JournalFormat.parse(lines[i]);
        if (e.outcome().filter("delivered"::equals).isPresent()) {
          return Optional.of(e);
        }
      } catch (JournalFormatException skipped) {
        // a partial first line or a malformed one
      }
    }
    return Optional.empty();
  }
}

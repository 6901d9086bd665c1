package org.telemetrics.postd.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Set;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.journal.JournalScanner;
import org.telemetrics.log.Log;

/**
 * The journal as telempostd finds it at start, made usable whatever it is. Only its tail is read
 * (the lines a prune would keep, plus {@link #DAMAGE_ALLOWANCE} bytes), so memory and time are
 * bounded whatever the file holds. What cannot be used is moved aside with {@link
 * DamagedFiles#moveAside} (never deleted), with one warning naming the file and the cause:
 *
 * <ul>
 *   <li>anything but a regular file (a symbolic link is never followed, a FIFO never opened), or a
 *       file that cannot be read: a new, empty journal starts;
 *   <li>a journal with damaged lines (invalid UTF-8, over-long, unparsable, an unfinished last
 *       line, a NUL tail): the damaged lines are skipped and counted, and a new journal starts with
 *       the good lines of the tail.
 * </ul>
 */
final class JournalRecovery {
  /** Read beyond the lines needed, so good lines before a damaged tail (a NUL run) are found. */
  static final long DAMAGE_ALLOWANCE = 16L << 20;

  /** The good lines of the tail, oldest first. */
  record Tail(ArrayDeque<String> lines, long damaged, String firstDamage) {}

  private final Path file;
  private final int keep;
  private final Log log;
  private final Clock clock;
  private final FileOpener opener;

  JournalRecovery(Path file, int keep, Log log, Clock clock, FileOpener opener) {
    this.file = file;
    this.keep = keep;
    this.log = log;
    this.clock = clock;
    this.opener = opener;
  }

  /**
   * Returns the journal's last good lines (at most {@code keep}), oldest first; afterwards the
   * journal is either absent or a regular file of good lines.
   */
  ArrayDeque<String> recover() throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return new ArrayDeque<>();
    }
    if (!a.isRegularFile()) {
      moveAside("it is " + RegularFiles.describe(a), "a new journal starts");
      return new ArrayDeque<>();
    }
    Tail tail;
    try (FileChannel ch =
        opener.open(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      tail = readTail(ch, keep);
    } catch (IOException e) {
      moveAside("it cannot be read (" + FileErrors.describe(e) + ")", "a new journal starts");
      return new ArrayDeque<>();
    }
    if (tail.damaged() > 0) {
      moveAside(
          tail.damaged() + " damaged lines skipped (first: " + tail.firstDamage() + ")",
          "a new journal starts with the " + tail.lines().size() + " good lines of its tail");
      StringBuilder sb = new StringBuilder();
      tail.lines().forEach(l -> sb.append(l).append('\n'));
      AtomicFiles.write(
          file.getParent(),
          file,
          sb.toString().getBytes(StandardCharsets.UTF_8),
          AtomicFiles.GROUP_READABLE);
    }
    return tail.lines();
  }

  /** Reads the good lines at the end of {@code ch}, at most {@code keep} of them. */
  static Tail readTail(FileChannel ch, int keep) throws IOException {
    long size = ch.size();
    long window = (long) keep * (JournalFormat.MAX_LINE + 1) + DAMAGE_ALLOWANCE;
    long from = Math.max(0, size - window);
    ArrayDeque<String> lines = new ArrayDeque<>();
    JournalScanner scanner =
        new JournalScanner(
            (text, entry) -> {
              lines.addLast(text);
              if (lines.size() > keep) {
                lines.removeFirst();
              }
            });
    if (from > 0) {
      from--; // from the byte before: if it is a newline, the window starts with a whole line
      scanner.skipToNextLine();
    }
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    for (long position = from; position < size; ) {
      buf.clear().limit((int) Math.min(buf.capacity(), size - position));
      int n = ch.read(buf, position);
      if (n < 0) {
        break; // shorter than it was a moment ago
      }
      position += n;
      scanner.feed(buf.flip());
    }
    scanner.finishTorn(); // telempostd is the only writer, and it is starting
    return new Tail(lines, scanner.damaged(), scanner.firstDamage().orElse(""));
  }

  private void moveAside(String cause, String then) throws IOException {
    Path aside = DamagedFiles.moveAside(file, cause, clock.instant());
    log.warning("journal " + file + " is damaged: " + cause + "; moved to " + aside + ", " + then);
  }
}

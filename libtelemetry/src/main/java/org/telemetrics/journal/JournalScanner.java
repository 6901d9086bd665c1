package org.telemetrics.journal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Splits journal bytes into entries, whatever the bytes are. A line is damaged when it is longer
 * than {@link JournalFormat#MAX_LINE} bytes, is not valid UTF-8 or does not parse; damaged lines
 * are counted and skipped, never fatal, and an over-long line is never held in memory, so a
 * reader's memory stays bounded whatever the file holds (a NUL tail, one line of gigabytes). Empty
 * lines are ignored. Bytes are fed in pieces; lines may span pieces.
 */
public final class JournalScanner {
  /** Receives each good line (without its newline) and its entry. */
  @FunctionalInterface
  public interface Sink {
    void line(String text, JournalEntry entry);
  }

  private final Sink sink;
  private final byte[] line = new byte[JournalFormat.MAX_LINE];
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int length;

  /** Bytes of the unfinished line, including those of an over-long one not kept. */
  private long pending;

  private boolean skipping;
  private long damaged;
  private String firstDamage;

  public JournalScanner(Sink sink) {
    this.sink = sink;
  }

  /**
   * Discards the bytes up to the next newline: for a reader that starts inside the file, where the
   * first bytes are the end of a line it did not see. A fragment longer than a journal line counts
   * as damaged.
   */
  public void skipToNextLine() {
    skipping = true;
  }

  /** Consumes {@code bytes}; every line they complete goes to the sink or is counted. */
  public void feed(ByteBuffer bytes) {
    while (bytes.hasRemaining()) {
      byte b = bytes.get();
      if (b == '\n') {
        endLine();
        continue;
      }
      if (pending < line.length) {
        line[(int) pending] = b;
      }
      pending++;
    }
  }

  /** True when the bytes fed so far end inside a line (no newline yet). */
  public boolean inLine() {
    return pending > 0 || skipping;
  }

  /** Bytes fed since the last newline. */
  public long pendingBytes() {
    return pending;
  }

  /**
   * Counts an unfinished last line as damaged: for a reader that knows the writer is not appending
   * (a daemon at start, after a crash or a power loss).
   */
  public void finishTorn() {
    if (inLine()) {
      damage("the last line is unfinished (" + pending + " bytes without a newline)");
      pending = 0;
      skipping = false;
    }
  }

  public long damaged() {
    return damaged;
  }

  /** What was wrong with the first damaged line. */
  public Optional<String> firstDamage() {
    return Optional.ofNullable(firstDamage);
  }

  private void endLine() {
    long bytes = pending;
    pending = 0;
    if (skipping) {
      skipping = false;
      if (bytes > line.length) {
        damage("a line is longer than " + JournalFormat.MAX_LINE + " bytes");
      }
      return;
    }
    if (bytes == 0) {
      return;
    }
    if (bytes > line.length) {
      damage("a line is longer than " + JournalFormat.MAX_LINE + " bytes");
      return;
    }
    String text;
    try {
      CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(line, 0, (int) bytes));
      text = chars.toString();
    } catch (CharacterCodingException e) {
      damage("a line is not valid UTF-8");
      return;
    }
    JournalEntry entry;
    try {
      entry = JournalFormat.parse(text);
    } catch (JournalFormatException e) {
      damage("a line is not a journal line (" + printable(e.getMessage()) + ")");
      return;
    }
    sink.line(text, entry);
  }

  /** Messages may quote the damaged line: no control characters into a log, and not much. */
  private static String printable(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), 120));
    for (int i = 0; i < s.length() && i < 120; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
    }
    return sb.toString();
  }

  private void damage(String what) {
    damaged++;
    if (firstDamage == null) {
      firstDamage = what;
    }
  }
}

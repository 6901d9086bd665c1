package org.telemetrics.spool;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.spool.SpoolFileFormat.Slice;

/**
 * Where the native entries of a file begin and end, read from the bytes alone: an entry's preamble
 * ends at its empty line, and its {@code length} field says how many bytes of record follow. Only
 * the framing is checked here; {@link SpoolFileFormat#decode} checks each entry.
 */
final class SpoolFraming {
  private static final byte[] MAGIC_BYTES =
      SpoolFileFormat.MAGIC.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LENGTH_FIELD = "length: ".getBytes(StandardCharsets.US_ASCII);

  /** Longest preamble accepted (the cfg field may hold a long path). */
  private static final int MAX_PREAMBLE = 8192;

  /** An entry's record section: where it starts, and the length its preamble declares. */
  record Frame(int section, int length) {
    /** Where the entry ends if it is whole (past the file's end if it is not). */
    int end() {
      return section + length;
    }
  }

  private SpoolFraming() {}

  /** Whether a native entry starts at {@code at}. */
  static boolean entryStartsAt(byte[] b, int at) {
    return startsWith(b, at, MAGIC_BYTES);
  }

  /** The entries of a native file, back to back up to its end. */
  static List<Slice> split(byte[] bytes) throws SpoolFormatException {
    List<Slice> slices = new ArrayList<>();
    int pos = 0;
    while (pos < bytes.length) {
      if (!entryStartsAt(bytes, pos)) {
        throw new SpoolFormatException(
            "bytes after entry " + slices.size() + " are not an entry (appended to)");
      }
      Frame frame = frameAt(bytes, pos);
      if (frame.end() > bytes.length) {
        throw new SpoolFormatException(
            "entry "
                + (slices.size() + 1)
                + " says its record has "
                + frame.length()
                + " bytes; "
                + (bytes.length - frame.section())
                + " are left (truncated)");
      }
      slices.add(new Slice(pos, frame.end() - pos));
      pos = frame.end();
    }
    return slices;
  }

  /** The frame of the entry starting at {@code start}, read from its preamble. */
  static Frame frameAt(byte[] b, int start) throws SpoolFormatException {
    int section = preambleEnd(b, start);
    return new Frame(section, lengthField(b, start, section));
  }

  /** Index just after the empty line that ends the preamble starting at {@code start}. */
  private static int preambleEnd(byte[] b, int start) throws SpoolFormatException {
    int limit = Math.min(b.length - 1, start + MAX_PREAMBLE);
    for (int i = start + MAGIC_BYTES.length - 1; i < limit; i++) {
      if (b[i] == '\n' && b[i + 1] == '\n') {
        return i + 2;
      }
    }
    throw new SpoolFormatException("preamble is not terminated by an empty line");
  }

  /** The value of the preamble's {@code length} line, bounded by the file's maximum size. */
  private static int lengthField(byte[] b, int start, int end) throws SpoolFormatException {
    for (int line = start + MAGIC_BYTES.length; line < end - 1; ) {
      int nl = line;
      while (b[nl] != '\n') {
        nl++;
      }
      if (startsWith(b, line, LENGTH_FIELD)) {
        long value = 0;
        int digits = nl - line - LENGTH_FIELD.length;
        for (int i = line + LENGTH_FIELD.length; i < nl; i++) {
          if (b[i] < '0' || b[i] > '9' || value > SpoolFileFormat.MAX_FILE_SIZE) {
            throw new SpoolFormatException("bad value for length");
          }
          value = value * 10 + (b[i] - '0');
        }
        if (digits == 0 || value > SpoolFileFormat.MAX_FILE_SIZE) {
          throw new SpoolFormatException("bad value for length");
        }
        return (int) value;
      }
      line = nl + 1;
    }
    throw new SpoolFormatException("preamble lacks record_id, received, length or crc32c");
  }

  private static boolean startsWith(byte[] b, int at, byte[] prefix) {
    if (b.length - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}

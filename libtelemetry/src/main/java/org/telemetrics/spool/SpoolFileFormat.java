package org.telemetrics.spool;

import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.telemetrics.record.Header;
import org.telemetrics.record.HeaderLines;
import org.telemetrics.record.StrictUtf8;
import org.telemetrics.record.TelemetryRecord;

/**
 * The file format of staged and spooled records (documented in docs/protocol.md):
 *
 * <pre>
 * telemetrics-spool 1
 * record_id: 0123456789abcdef0123456789abcdef
 * received: 1795347986123            (epoch milliseconds)
 * cfg: /etc/alt/telemetrics.conf     (optional: the probe's CFG field, for the log only)
 * peer: pid=42 uid=1000 gid=1000     (optional)
 * length: 412                        (bytes of the record section)
 * crc32c: 1a2b3c4d                   (CRC-32C of the record section)
 *                                    (empty line)
 * 15 header lines, then the payload  (the record section, exactly as on the wire)
 * </pre>
 *
 * <p>A file may hold several such entries back to back (telemprobd commits the records that arrive
 * together in one file, named by the first record's id); {@link #split} finds them.
 *
 * <p>The reader also takes files written by the C telemprobd ({@link CStagedFile}), so a spool left
 * by the C client is migrated.
 */
public final class SpoolFileFormat {
  /** Largest file either format can produce, with room to spare; larger files are refused. */
  public static final int MAX_FILE_SIZE = 64 * 1024;

  static final String MAGIC = "telemetrics-spool 1\n";

  /** Suffix of a queue file holding several records (named by the first one's id). */
  public static final String BATCH_SUFFIX = ".batch";

  /** Which writer made the file. */
  public enum Kind {
    NATIVE,
    C_CLIENT
  }

  /** One entry's bytes within a file. */
  public record Slice(int offset, int length) {
    public byte[] of(byte[] file) {
      return Arrays.copyOfRange(file, offset, offset + length);
    }
  }

  private SpoolFileFormat() {}

  public static byte[] encode(SpoolEntry entry) {
    return NativeEntry.encode(entry);
  }

  /**
   * Finds the entries of a file: each native entry ends where its {@code length} field says; a
   * C-format file is one entry. Checks only the framing; {@link #decode} checks each entry.
   */
  public static List<Slice> split(byte[] bytes) throws SpoolFormatException {
    checkSize(bytes);
    if (!SpoolFraming.entryStartsAt(bytes, 0)) {
      return List.of(new Slice(0, bytes.length));
    }
    return SpoolFraming.split(bytes);
  }

  /** How many whole, valid entries a file starts with, and the bytes they take. */
  public record WholeEntries(int count, int length) {}

  /**
   * The whole, valid native entries at the start of a file that may end in an unfinished write (a
   * segment telemprobd was appending to when it died).
   */
  public static WholeEntries wholeEntries(byte[] bytes) {
    int count = 0;
    int pos = 0;
    while (pos < bytes.length && SpoolFraming.entryStartsAt(bytes, pos)) {
      try {
        SpoolFraming.Frame frame = SpoolFraming.frameAt(bytes, pos);
        if (frame.end() > bytes.length) {
          break;
        }
        NativeEntry.decode(utf8(Arrays.copyOfRange(bytes, pos, frame.end())));
        pos = frame.end();
        count++;
      } catch (SpoolFormatException e) {
        break;
      }
    }
    return new WholeEntries(count, pos);
  }

  /** Decodes every entry of a file (see {@link #split}). */
  public static List<SpoolEntry> decodeAll(byte[] bytes, long fileTimeMillis)
      throws SpoolFormatException {
    List<Slice> slices = split(bytes);
    if (slices.size() == 1) {
      return List.of(decode(bytes, fileTimeMillis));
    }
    List<SpoolEntry> entries = new ArrayList<>(slices.size());
    for (Slice s : slices) {
      entries.add(decode(s.of(bytes), fileTimeMillis));
    }
    return entries;
  }

  private static void checkSize(byte[] bytes) throws SpoolFormatException {
    if (bytes.length > MAX_FILE_SIZE) {
      throw new SpoolFormatException(
          "file is " + bytes.length + " bytes; at most " + MAX_FILE_SIZE + " expected");
    }
    if (bytes.length == 0) {
      throw new SpoolFormatException("file is empty");
    }
  }

  /**
   * Decodes a file of either format.
   *
   * @param fileTimeMillis the file's modification time, used as the receive time of C files
   */
  public static SpoolEntry decode(byte[] bytes, long fileTimeMillis) throws SpoolFormatException {
    checkSize(bytes);
    String text = utf8(bytes);
    return text.startsWith(MAGIC)
        ? NativeEntry.decode(text)
        : CStagedFile.decode(bytes, text, fileTimeMillis);
  }

  /** Header lines then payload; the C writer appended one newline to the payload. */
  static TelemetryRecord parseRecord(String section, boolean cFormat) throws SpoolFormatException {
    int headerLength = HeaderLines.lengthOfLines(section, Header.COUNT);
    if (headerLength < 0) {
      throw new SpoolFormatException("fewer than " + Header.COUNT + " header lines");
    }
    String payload = section.substring(headerLength);
    if (cFormat) {
      if (payload.isEmpty()) {
        throw new SpoolFormatException("C staged file has no body");
      }
      if (payload.endsWith("\n")) {
        payload = payload.substring(0, payload.length() - 1);
      }
    }
    try {
      return TelemetryRecord.of(HeaderLines.parse(section.substring(0, headerLength)), payload);
    } catch (IllegalArgumentException e) {
      throw new SpoolFormatException(e.getMessage());
    }
  }

  private static String utf8(byte[] bytes) throws SpoolFormatException {
    try {
      return StrictUtf8.decode(bytes);
    } catch (CharacterCodingException e) {
      throw new SpoolFormatException("file is not valid UTF-8 text");
    }
  }
}

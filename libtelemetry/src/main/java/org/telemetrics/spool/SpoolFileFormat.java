package org.telemetrics.spool;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.telemetrics.peer.Peer;
import org.telemetrics.record.Header;
import org.telemetrics.record.HeaderLines;
import org.telemetrics.record.Ids;
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
 * <p>The reader also takes files written by the C telemprobd (optional {@code CFG:} line, 15 header
 * lines, payload plus one added newline), so a spool left by the C client is migrated. Such a file
 * has no record id; it gets one derived from its content, so a retried send keeps its id.
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

  private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LENGTH_FIELD = "length: ".getBytes(StandardCharsets.US_ASCII);

  /** Longest preamble accepted (the cfg field may hold a long path). */
  private static final int MAX_PREAMBLE = 8192;

  private SpoolFileFormat() {}

  public static byte[] encode(SpoolEntry entry) {
    byte[] record =
        (entry.record().headerText() + entry.record().payload()).getBytes(StandardCharsets.UTF_8);
    CRC32C crc = new CRC32C();
    crc.update(record);
    StringBuilder head =
        new StringBuilder(MAGIC)
            .append("record_id: ")
            .append(entry.recordId())
            .append('\n')
            .append("received: ")
            .append(entry.receivedAtMillis())
            .append('\n');
    entry.configPath().ifPresent(p -> head.append("cfg: ").append(oneLine(p)).append('\n'));
    entry.peer().ifPresent(p -> head.append("peer: ").append(p).append('\n'));
    head.append("length: ")
        .append(record.length)
        .append('\n')
        .append("crc32c: ")
        .append(hex8(crc.getValue()))
        .append('\n')
        .append('\n');
    byte[] preamble = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(preamble, preamble.length + record.length);
    System.arraycopy(record, 0, out, preamble.length, record.length);
    return out;
  }

  /**
   * Finds the entries of a file: each native entry ends where its {@code length} field says; a
   * C-format file is one entry. Checks only the framing; {@link #decode} checks each entry.
   */
  public static List<Slice> split(byte[] bytes) throws SpoolFormatException {
    checkSize(bytes);
    if (!startsWith(bytes, 0, MAGIC_BYTES)) {
      return List.of(new Slice(0, bytes.length));
    }
    List<Slice> slices = new ArrayList<>();
    int pos = 0;
    while (pos < bytes.length) {
      if (!startsWith(bytes, pos, MAGIC_BYTES)) {
        throw new SpoolFormatException(
            "bytes after entry " + slices.size() + " are not an entry (appended to)");
      }
      int section = preambleEnd(bytes, pos);
      int length = lengthField(bytes, pos, section);
      if (length > bytes.length - section) {
        throw new SpoolFormatException(
            "entry "
                + (slices.size() + 1)
                + " says its record has "
                + length
                + " bytes; "
                + (bytes.length - section)
                + " are left (truncated)");
      }
      slices.add(new Slice(pos, section + length - pos));
      pos = section + length;
    }
    return slices;
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
    while (pos < bytes.length && startsWith(bytes, pos, MAGIC_BYTES)) {
      try {
        int section = preambleEnd(bytes, pos);
        int length = lengthField(bytes, pos, section);
        if (length > bytes.length - section) {
          break;
        }
        decodeNative(utf8(Arrays.copyOfRange(bytes, pos, section + length)));
        pos = section + length;
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
          if (b[i] < '0' || b[i] > '9' || value > MAX_FILE_SIZE) {
            throw new SpoolFormatException("bad value for length");
          }
          value = value * 10 + (b[i] - '0');
        }
        if (digits == 0 || value > MAX_FILE_SIZE) {
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
    return text.startsWith(MAGIC) ? decodeNative(text) : decodeC(bytes, text, fileTimeMillis);
  }

  private static SpoolEntry decodeNative(String text) throws SpoolFormatException {
    int pos = MAGIC.length();
    String recordId = null;
    Long received = null;
    Integer length = null;
    String crc = null;
    Optional<String> cfg = Optional.empty();
    Optional<Peer> peer = Optional.empty();
    while (true) {
      int nl = text.indexOf('\n', pos);
      if (nl < 0) {
        throw new SpoolFormatException("preamble is not terminated by an empty line");
      }
      String line = text.substring(pos, nl);
      pos = nl + 1;
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(": ");
      if (colon <= 0) {
        throw new SpoolFormatException("bad preamble line \"" + clip(line) + "\"");
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 2);
      try {
        switch (key) {
          case "record_id" -> recordId = value;
          case "received" -> received = Long.parseLong(value);
          case "length" -> length = Integer.parseInt(value);
          case "crc32c" -> crc = value;
          case "cfg" -> cfg = Optional.of(value);
          case "peer" -> peer = Optional.of(Peer.parse(value));
          default -> throw new SpoolFormatException("unknown preamble field \"" + clip(key) + "\"");
        }
      } catch (IllegalArgumentException e) {
        throw new SpoolFormatException("bad value for " + key + ": " + clip(value));
      }
    }
    if (recordId == null || received == null || length == null || crc == null) {
      throw new SpoolFormatException("preamble lacks record_id, received, length or crc32c");
    }
    byte[] record = text.substring(pos).getBytes(StandardCharsets.UTF_8);
    if (record.length != length) {
      throw new SpoolFormatException(
          "record section is "
              + record.length
              + " bytes; the preamble says "
              + length
              + " (truncated or appended to)");
    }
    CRC32C actual = new CRC32C();
    actual.update(record);
    if (!hex8(actual.getValue()).equals(crc)) {
      throw new SpoolFormatException("checksum mismatch: file is corrupt");
    }
    String section = text.substring(pos);
    TelemetryRecord parsed = parseRecord(section, false);
    try {
      return new SpoolEntry(recordId, received, cfg, peer, parsed, Kind.NATIVE);
    } catch (IllegalArgumentException e) {
      throw new SpoolFormatException(e.getMessage());
    }
  }

  private static SpoolEntry decodeC(byte[] bytes, String text, long fileTimeMillis)
      throws SpoolFormatException {
    Optional<String> cfg = Optional.empty();
    String rest = text;
    if (text.startsWith("CFG:")) {
      int nl = text.indexOf('\n');
      if (nl < 0) {
        throw new SpoolFormatException("CFG line is not terminated");
      }
      cfg = Optional.of(text.substring(4, nl));
      rest = text.substring(nl + 1);
    }
    if (!rest.startsWith(Header.RECORD_FORMAT_VERSION.wireName() + ": ")) {
      throw new SpoolFormatException("not a record: unknown format");
    }
    TelemetryRecord record = parseRecord(rest, true);
    return new SpoolEntry(
        contentId(bytes), fileTimeMillis, cfg, Optional.empty(), record, Kind.C_CLIENT);
  }

  /** Header lines then payload; the C writer appended one newline to the payload. */
  private static TelemetryRecord parseRecord(String section, boolean cFormat)
      throws SpoolFormatException {
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

  /** A stable id for a file without one: the first 128 bits of its SHA-256. */
  static String contentId(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return Ids.hex(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static String utf8(byte[] bytes) throws SpoolFormatException {
    try {
      return StrictUtf8.decode(bytes);
    } catch (CharacterCodingException e) {
      throw new SpoolFormatException("file is not valid UTF-8 text");
    }
  }

  /** Eight lowercase hex digits (String.format costs more than the rest of an entry). */
  private static String hex8(long value) {
    String hex = Long.toHexString(value & 0xffffffffL);
    return "00000000".substring(hex.length()) + hex;
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}

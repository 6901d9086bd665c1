package org.telemetrics.spool;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.telemetrics.peer.Peer;
import org.telemetrics.record.TelemetryRecord;

/**
 * One entry of the native format (see {@link SpoolFileFormat}): its preamble of {@code key: value}
 * lines, then the record section exactly as on the wire, guarded by its length and CRC-32C.
 */
final class NativeEntry {
  private NativeEntry() {}

  static byte[] encode(SpoolEntry entry) {
    byte[] record =
        (entry.record().headerText() + entry.record().payload()).getBytes(StandardCharsets.UTF_8);
    CRC32C crc = new CRC32C();
    crc.update(record);
    StringBuilder head =
        new StringBuilder(SpoolFileFormat.MAGIC)
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

  /** Decodes one native entry, its preamble checked field by field and its record by CRC. */
  static SpoolEntry decode(String text) throws SpoolFormatException {
    int pos = SpoolFileFormat.MAGIC.length();
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
    TelemetryRecord parsed = SpoolFileFormat.parseRecord(section, false);
    try {
      return new SpoolEntry(recordId, received, cfg, peer, parsed, SpoolFileFormat.Kind.NATIVE);
    } catch (IllegalArgumentException e) {
      throw new SpoolFormatException(e.getMessage());
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

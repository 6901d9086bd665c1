package org.telemetrics.spool;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import org.telemetrics.record.Header;
import org.telemetrics.record.Ids;
import org.telemetrics.record.TelemetryRecord;

/**
 * A file staged by the C telemprobd: an optional {@code CFG:} line, the 15 header lines, and the
 * payload with one newline added. It has no record id; it gets one derived from its content, so a
 * retried send keeps its id, and its modification time stands for the time it was received.
 */
final class CStagedFile {
  private CStagedFile() {}

  static SpoolEntry decode(byte[] bytes, String text, long fileTimeMillis)
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
    TelemetryRecord record = SpoolFileFormat.parseRecord(rest, true);
    return new SpoolEntry(
        contentId(bytes),
        fileTimeMillis,
        cfg,
        Optional.empty(),
        record,
        SpoolFileFormat.Kind.C_CLIENT);
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
}

package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;

/**
 * A record file's entries and where each one is in it. A C-format file is one record, which the
 * queue keeps in our format: {@code cEntry} is that record encoded once, null for our own files.
 */
record DecodedFile(
    byte[] bytes, List<SpoolFileFormat.Slice> slices, List<SpoolEntry> entries, byte[] cEntry) {
  static DecodedFile read(Path file, long mtime) throws IOException, SpoolFormatException {
    byte[] bytes = RegularFiles.readBounded(file, SpoolFileFormat.MAX_FILE_SIZE);
    List<SpoolFileFormat.Slice> slices = SpoolFileFormat.split(bytes);
    List<SpoolEntry> entries = new ArrayList<>(slices.size());
    for (SpoolFileFormat.Slice s : slices) {
      entries.add(SpoolFileFormat.decode(slices.size() == 1 ? bytes : s.of(bytes), mtime));
    }
    byte[] cEntry =
        entries.get(0).kind() == SpoolFileFormat.Kind.NATIVE
            ? null
            : SpoolFileFormat.encode(entries.get(0));
    return new DecodedFile(bytes, slices, entries, cEntry);
  }

  boolean isNative() {
    return cEntry == null;
  }

  /** Entry {@code i} as a native entry. */
  byte[] nativeEntry(int i) {
    return isNative() ? slices.get(i).of(bytes) : cEntry;
  }

  int nativeLength(int i) {
    return isNative() ? slices.get(i).length() : cEntry.length;
  }

  /** Bytes of the record itself (headers and payload), what the byte rate limit counts. */
  static long recordBytes(SpoolEntry e) {
    return (e.record().headerText() + e.record().payload()).getBytes(StandardCharsets.UTF_8).length;
  }

  /** The record's creation time (epoch seconds), or when it was received if that is unreadable. */
  static long created(SpoolEntry e) {
    try {
      return Long.parseLong(e.record().creationTimestamp());
    } catch (NumberFormatException ex) {
      return e.receivedAtMillis() / 1000;
    }
  }
}

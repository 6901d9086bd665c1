package org.telemetrics.probd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.log.Log;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;

/**
 * Stages the records of one segment a crash left in {@code tmp/} (see {@link GroupCommit}). Reads
 * at most {@link SpoolFileFormat#MAX_FILE_SIZE} bytes, the most a segment can hold, so a huge file
 * costs no memory. A segment cut short by the crash ends in a torn entry, a write that was never
 * acknowledged: it is cut off and the rest is sealed as usual. Anything else wrong (damage before
 * the end, a file larger than any segment, bytes that are no entry, a name that is not the first
 * record's id) sends the file to quarantine; the readable records found in it are staged first, so
 * nothing acknowledged is lost.
 */
final class SegmentRecovery {
  /** Every entry of our format starts with these bytes (docs/protocol.md, spool file format). */
  private static final byte[] ENTRY_START =
      "telemetrics-spool 1\n".getBytes(StandardCharsets.US_ASCII);

  private final Path stagingDir;
  private final Path tmpDir;
  private final Quarantine quarantine;
  private final Log log;

  SegmentRecovery(Path tmpDir, Path stagingDir, Quarantine quarantine, Log log) {
    this.tmpDir = tmpDir;
    this.stagingDir = stagingDir;
    this.quarantine = quarantine;
    this.log = log;
  }

  /** What a scan of a segment's first bytes found. */
  record Scan(
      List<byte[]> entries,
      List<String> ids,
      int wholeBytes,
      int damagedBytes,
      boolean onlyTornTail) {}

  /** Stages what {@code segment} (a regular file) holds; returns the records staged. */
  int recover(Path segment, BasicFileAttributes attrs) throws IOException {
    long size = attrs.size();
    if (size == 0) {
      Files.delete(segment);
      log.info("removed the empty segment " + segment + " (created, nothing written to it)");
      return 0;
    }
    byte[] head = readHead(segment);
    Scan scan = scan(head);
    String name = segment.getFileName().toString();
    String stem = name.substring(0, name.length() - GroupCommit.SUFFIX.length());
    boolean fits = size <= SpoolFileFormat.MAX_FILE_SIZE;
    if (scan.entries().isEmpty()) {
      quarantine.move(
          segment, "no readable record in its first " + head.length + " of " + size + " bytes");
      return 0;
    }
    if (fits && scan.onlyTornTail() && scan.ids().get(0).equals(stem)) {
      if (scan.damagedBytes() > 0) {
        cut(segment, scan.wholeBytes());
        log.warning(
            "cut "
                + scan.damagedBytes()
                + " bytes of an unfinished write (never"
                + " acknowledged) from "
                + segment);
      }
      AtomicFiles.move(segment, stagingDir.resolve(stem));
      return scan.entries().size();
    }
    Path staged = stagingDir.resolve(scan.ids().get(0));
    ByteArrayOutputStream out = new ByteArrayOutputStream(scan.wholeBytes());
    scan.entries().forEach(out::writeBytes);
    AtomicFiles.write(tmpDir, staged, out.toByteArray());
    String what =
        !fits
            ? "larger (" + size + " bytes) than any segment"
            : !scan.ids().get(0).equals(stem)
                ? "named " + stem + " but its first record is " + scan.ids().get(0)
                : scan.damagedBytes() + " damaged bytes among its records";
    quarantine.move(
        segment,
        what
            + "; its "
            + scan.entries().size()
            + " readable records"
            + " were staged as "
            + staged
            + " (requeueing this file would send them twice)");
    return scan.entries().size();
  }

  private static byte[] readHead(Path segment) throws IOException {
    // a regular file (checked with lstat by the caller); NOFOLLOW_LINKS refuses a swapped link
    try (FileChannel ch =
        FileChannel.open(segment, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.allocate(SpoolFileFormat.MAX_FILE_SIZE);
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // fill up to the bound
      }
      return Arrays.copyOf(buf.array(), buf.position());
    }
  }

  /**
   * Splits {@code head} into its valid entries; after a damaged entry, carries on at the next entry
   * start, so one bad entry does not cost the ones after it.
   */
  static Scan scan(byte[] head) {
    List<byte[]> entries = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    int pos = 0;
    int damaged = 0;
    boolean tornTailOnly = true; // while every damaged region is one cut-off final entry
    while (pos < head.length) {
      byte[] rest = Arrays.copyOfRange(head, pos, head.length);
      SpoolFileFormat.WholeEntries whole = SpoolFileFormat.wholeEntries(rest);
      if (whole.count() > 0) {
        byte[] good = Arrays.copyOf(rest, whole.length());
        try {
          for (SpoolFileFormat.Slice s : SpoolFileFormat.split(good)) {
            byte[] entry = s.of(good);
            entries.add(entry);
            ids.add(SpoolFileFormat.decode(entry, 0).recordId());
          }
        } catch (SpoolFormatException e) {
          throw new IllegalStateException("wholeEntries and split disagree", e);
        }
        pos += whole.length();
        continue;
      }
      int next = indexOf(head, ENTRY_START, pos + 1);
      if (next >= 0 || !isEntryStart(head, pos)) {
        tornTailOnly = false;
      }
      int end = next < 0 ? head.length : next;
      damaged += end - pos;
      pos = end;
    }
    int wholeBytes = entries.stream().mapToInt(b -> b.length).sum();
    return new Scan(entries, ids, wholeBytes, damaged, tornTailOnly);
  }

  /** True when the bytes at {@code at} begin an entry, or are a cut-off beginning of one. */
  private static boolean isEntryStart(byte[] b, int at) {
    int n = Math.min(ENTRY_START.length, b.length - at);
    return Arrays.equals(b, at, at + n, ENTRY_START, 0, n);
  }

  private static int indexOf(byte[] b, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= b.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (b[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void cut(Path segment, int length) throws IOException {
    try (FileChannel ch =
        FileChannel.open(segment, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      ch.truncate(length);
      ch.force(false);
    }
  }
}

package org.telemetrics.probes.klog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;

/**
 * The state file, a few lines of text replaced atomically (a new file renamed over the old, so a
 * crash leaves the old state or the new, never half of one):
 *
 * <pre>
 * klogscanner-state 1
 * boot &lt;boot id&gt;
 * next &lt;sequence number&gt;
 * sent &lt;signature&gt; &lt;count&gt;      one per oops signature reported this boot
 * </pre>
 */
public final class ScanStateFile {
  static final String MAGIC = "klogscanner-state 1";
  private static final int MAX_BYTES = 128 << 10;

  private final Path file;

  /** What loading found. */
  public sealed interface Loaded {}

  /** No state yet. */
  public record Missing() implements Loaded {}

  /** A state. */
  public record Found(ScanState state) implements Loaded {}

  /** A damaged file, moved aside to {@code aside} (nothing is deleted), and why. */
  public record Damaged(String reason, Path aside) implements Loaded {}

  public ScanStateFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  public Loaded load(Instant now) throws IOException {
    byte[] bytes;
    try {
      bytes = RegularFiles.readBounded(file, MAX_BYTES);
    } catch (NoSuchFileException e) {
      return new Missing();
    } catch (IOException e) {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return new Missing();
      }
      return damaged(FileErrors.reason(e), now);
    }
    try {
      return new Found(parse(new String(bytes, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      return damaged(e.getMessage(), now);
    }
  }

  private Damaged damaged(String reason, Instant now) throws IOException {
    Path aside = DamagedFiles.moveAside(file, reason, now);
    return new Damaged(reason, aside);
  }

  static ScanState parse(String text) {
    String[] lines = text.split("\n", -1);
    if (lines.length < 4 || !lines[0].equals(MAGIC) || !lines[lines.length - 1].isEmpty()) {
      throw new IllegalArgumentException(
          "not a klogscanner state (first line '"
              + KmsgRecordParser.excerpt(lines[0])
              + "', or cut short)");
    }
    String boot = field(lines, 1, "boot");
    long next = number(field(lines, 2, "next"), 3);
    Map<String, Long> sent = new TreeMap<>();
    for (int i = 3; i < lines.length - 1; i++) {
      String[] f = field(lines, i, "sent").split(" ", -1);
      if (f.length != 2 || !f[0].matches("[0-9a-f]{1,64}")) {
        throw new IllegalArgumentException("line " + (i + 1) + ": not 'sent <signature> <n>'");
      }
      sent.put(f[0], number(f[1], i + 1));
    }
    return new ScanState(boot, next, sent);
  }

  private static String field(String[] lines, int i, String name) {
    if (!lines[i].startsWith(name + " ")) {
      throw new IllegalArgumentException("line " + (i + 1) + ": expected '" + name + " ...'");
    }
    return lines[i].substring(name.length() + 1);
  }

  private static long number(String text, int line) {
    if (!text.matches("[0-9]{1,19}")) {
      throw new IllegalArgumentException(
          "line " + line + ": '" + KmsgRecordParser.excerpt(text) + "' is not a number");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) { // 19 digits, above 2^63 - 1
      throw new IllegalArgumentException(
          "line " + line + ": '" + KmsgRecordParser.excerpt(text) + "' is out of range");
    }
  }

  static String format(ScanState s) {
    StringBuilder sb = new StringBuilder(MAGIC).append('\n');
    sb.append("boot ").append(s.bootId()).append('\n');
    sb.append("next ").append(s.nextSequence()).append('\n');
    new TreeMap<>(s.sentBySignature())
        .forEach((k, v) -> sb.append("sent ").append(k).append(' ').append(v).append('\n'));
    return sb.toString();
  }

  /**
   * Replaces the file. {@code durable}: fsync file and directory (after a record was sent, so a
   * crash cannot make it be sent again); otherwise an atomic rename only.
   */
  public void store(ScanState state, boolean durable) throws IOException {
    Path dir = Directories.ensure(file.getParent());
    byte[] bytes = format(state).getBytes(StandardCharsets.UTF_8);
    if (durable) {
      AtomicFiles.write(dir, file, bytes);
    } else {
      AtomicFiles.replace(dir, file, bytes, PosixFilePermissions.fromString("rw-------"));
    }
  }
}
